/**
 * The hardware of virtual node N: a QEMU/KVM machine as Fuel's virtual labs ran them, with two
 * virtio NICs, one or two virtio disks, a few vCPUs and some memory. Everything derives from
 * the index, so a node keeps its MACs, and thus its Nailgun identity, across restarts.
 */

/** The largest lab: its admin addresses come from one /24, as Fuel's default admin network. */
export const MAX_LAB_NODES = 250;

/** One virtio disk. */
export interface DiskSpec {
  name: string;
  /** 512-byte sectors. */
  sectors: number;
  /** PCI function of the virtio-blk device. */
  pci: string;
}

/** One virtio NIC. */
export interface NicSpec {
  name: string;
  mac: string;
  pci: string;
}

/** What node N is made of. */
export interface NodeHardware {
  index: number;
  /** `node-N`: the directory name and the lab's name for the machine. */
  name: string;
  nics: readonly [NicSpec, NicSpec];
  /** Admin (PXE) address, given by the master's DHCP. */
  ip: string;
  netmask: string;
  gateway: string;
  uuid: string;
  cpus: number;
  cpuModel: string;
  memoryKib: number;
  disks: readonly DiskSpec[];
}

/** Machine shapes the lab cycles through, so that nodes differ as in a real rack. */
const SHAPES = [
  { cpus: 4, memoryGib: 8, diskGib: [200] },
  { cpus: 8, memoryGib: 16, diskGib: [300, 100] },
  { cpus: 2, memoryGib: 4, diskGib: [200] },
  { cpus: 4, memoryGib: 12, diskGib: [500, 200] },
] as const;

const GIB_SECTORS = (1024 * 1024 * 1024) / 512;
const DISK_SLOTS = ['0000:00:05.0', '0000:00:06.0'] as const;

function hex(value: number, width = 2): string {
  return value.toString(16).padStart(width, '0');
}

/** Node `index` (1-based) of the lab. */
export function describeHardware(index: number): NodeHardware {
  if (!Number.isInteger(index) || index < 1 || index > MAX_LAB_NODES) {
    throw new RangeError(`lab node index must be 1-${MAX_LAB_NODES}`);
  }
  const shape = SHAPES[(index - 1) % SHAPES.length] ?? SHAPES[0];
  const macOf = (nic: number) => `52:54:00:${hex(index >> 8)}:${hex(index & 0xff)}:${hex(nic)}`;

  return {
    index,
    name: `node-${index}`,
    nics: [
      { name: 'eth0', mac: macOf(1), pci: '0000:00:03.0' },
      { name: 'eth1', mac: macOf(2), pci: '0000:00:04.0' },
    ],
    ip: `10.20.0.${index + 2}`,
    netmask: '255.255.255.0',
    gateway: '10.20.0.2',
    uuid: `52540000-0000-4000-8000-${hex(index, 12)}`.toUpperCase(),
    cpus: shape.cpus,
    cpuModel: 'Intel Xeon E3-12xx v2 (Ivy Bridge, IBRS)',
    memoryKib: shape.memoryGib * 1024 * 1024,
    disks: shape.diskGib.map((gib, i) => ({
      name: `vd${String.fromCharCode(97 + i)}`,
      sectors: gib * GIB_SECTORS,
      pci: DISK_SLOTS[i] ?? '0000:00:07.0',
    })),
  };
}
