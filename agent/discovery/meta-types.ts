/**
 * The hardware report (`meta`) and the payload the agent sends to `POST /api/nodes/` and
 * `PUT /api/nodes/agent/`, with the shapes Nailgun's schema expects (reference §4.4, §5).
 */

/** DMI facts; keys without a value are left out. */
export type SystemInfo = Partial<
  Record<
    'manufacturer' | 'serial' | 'uuid' | 'runtime_uuid' | 'product' | 'family' | 'version' | 'fqdn',
    string
  >
>;

/** One NIC offload and the offloads it groups; `state` is null (left to Nailgun's default). */
export interface OffloadingMode {
  name: string;
  state: null;
  sub: OffloadingMode[];
}

/** SR-IOV capability of a physical function. */
export interface SriovInfo {
  sriov_totalvfs: number;
  available: boolean;
  pci_id: string;
}

/** Interface facts Nailgun keeps on the NIC row. */
export interface InterfaceProperties {
  sriov: SriovInfo;
  pci_id: string;
  numa_node: number | null;
  max_queues: number | null;
}

/** A physical Ethernet interface. `ip` and `netmask` are present only when it has an address. */
export interface MetaInterface {
  name: string;
  mac: string;
  state: string | null;
  pxe: boolean;
  driver: string | null;
  bus_info: string | null;
  /** Mbit/s, or null when unknown. */
  max_speed: number | null;
  current_speed: number | null;
  ip?: string;
  netmask?: string;
  offloading_modes: OffloadingMode[];
  interface_properties: InterfaceProperties;
}

/** One logical CPU. */
export interface CpuSpec {
  /** MHz. */
  frequency: number | null;
  model: string | null;
}

/** Logical CPUs, sockets and one spec per logical CPU. */
export interface MetaCpu {
  /** Logical CPUs. */
  total: number;
  /** Physical packages (sockets). */
  real: number;
  spec: CpuSpec[];
}

/** A block device that can hold data. */
export interface MetaDisk {
  name: string;
  model: string | null;
  /** Bytes. */
  size: number;
  /** `disk/by-path/...` when udev made such a link, else the device name. */
  disk: string;
  /** `disk/by-id/...` links. */
  extra: string[];
  /** `"0"` or `"1"`, as sysfs writes it. */
  removable: string;
  paths: null;
  opt_io: number;
}

/** One memory module. */
export interface MemoryDevice {
  size: number;
  frequency?: number;
  type?: string;
}

/** Memory in bytes: from dmidecode when it answers, else only `total` from `/proc/meminfo`. */
export interface MetaMemory {
  total: number;
  maximum_capacity?: number;
  slots?: number;
  devices?: MemoryDevice[];
}

/** One NUMA node. */
export interface NumaNode {
  id: number;
  cpus: number[];
  /** Bytes. */
  memory: number;
  pcidevs: string[];
}

/** NUMA nodes, their distances and the huge page sizes. */
export interface NumaTopology {
  numa_nodes: NumaNode[];
  /** Huge page sizes in KiB. */
  supported_hugepages: number[];
  /** Relative distances between nodes, as strings (`"1.0"`, `"2.1"`). */
  distances: string[][];
}

/** The hardware report. A section whose collection failed is left out. */
export interface NodeMeta {
  system?: SystemInfo;
  interfaces: MetaInterface[];
  cpu?: MetaCpu;
  disks: MetaDisk[];
  memory?: MetaMemory;
  /** The `lshw -json` tree on bootstrap images, else `{}`. */
  pci_devices: unknown;
  numa_topology?: NumaTopology;
}

/** What the agent sends, before the checksum is added. */
export interface ReportBody {
  mac?: string;
  ip: string | null;
  os_platform: string | null;
  manufacturer: string | null;
  platform_name: string | null;
  meta?: NodeMeta;
  /** `discover`, only on the bootstrap image. */
  status?: 'discover';
  is_agent: true;
}

/** The request body of both agent calls. */
export interface AgentPayload extends ReportBody {
  /** SHA-1 hex of the canonical JSON of every other key. */
  agent_checksum: string;
}
