/**
 * The release seeded into an empty database: "Newton on Ubuntu 16.04".
 *
 * Values follow the shape of Nailgun 10.0's release fixture as `GET /api/releases/{id}` returns
 * it, trimmed to what building and deploying an environment needs. Two deliberate differences:
 * volume sizes are plain numbers in MB (Nailgun computes them with size generators), and only
 * the value generators listed on {@link GeneratorSpec} appear.
 */

export type ReleaseState = 'available' | 'unavailable' | 'manageonly';

/** Nailgun's restriction: while `condition` holds, the item is unavailable (or hidden). */
export interface Restriction {
  condition: string;
  message?: string;
  action?: 'disable' | 'hide' | 'none';
}

export type RoleGroup = 'base' | 'compute' | 'storage' | 'other';

/** A limit that replaces the base one while `condition` holds. */
export interface RoleLimitOverride {
  condition: string;
  min?: number;
  max?: number;
  recommended?: number;
  message: string;
}

export interface RoleLimits {
  min?: number;
  max?: number;
  recommended?: number;
  overrides?: RoleLimitOverride[];
}

/** One entry of `roles_metadata`. A conflict is listed on both roles of the pair. */
export interface RoleMetadata {
  /** Label shown to people. */
  name: string;
  description: string;
  weight: number;
  group: RoleGroup;
  conflicts: string[];
  tags: string[];
  /** The first node given the role also gets the `primary-<role>` tag. */
  has_primary: boolean;
  public_ip_required: boolean;
  limits?: RoleLimits;
  restrictions?: Restriction[];
  /** Roles whose nodes are redeployed whenever a node of this role is deployed. */
  update_required?: string[];
  /** Roles whose nodes are redeployed once, when this role first appears. */
  update_once?: string[];
  /** Share of the role's nodes that may fail without failing the run, e.g. `"2%"`. */
  fault_tolerance?: string;
}

export type NetworkName = 'public' | 'management' | 'storage' | 'private' | 'fuelweb_admin';

/** The `meta` of one network group, from which each environment's networks are created. */
export interface NetworkMeta {
  name: NetworkName;
  cidr?: string;
  gateway?: string;
  /** First and last address handed to nodes; only with `notation: 'ip_ranges'`. */
  ip_range?: [string, string];
  vlan_start: number | null;
  use_gateway: boolean;
  notation: 'cidr' | 'ip_ranges' | null;
  render_type: 'cidr' | null;
  render_addr_mask: 'public' | 'internal' | 'storage' | null;
  map_priority: number;
  configurable: boolean;
  vips?: string[];
  floating_range_var?: string;
  seg_type?: SegmentationType;
  neutron_vlan_range?: boolean;
  unmovable?: boolean;
}

export type SegmentationType = 'vlan' | 'gre' | 'tun';

export interface NeutronParameters {
  segmentation_type: SegmentationType;
  net_l23_provider: 'ovs' | 'nsx' | 'dpdkovs';
  amqp: { provider: 'rabbitmq' };
  database: { provider: 'mysql'; port: string };
  keystone: { admin_user: string | null };
  metadata: { metadata_proxy_shared_secret: string };
}

export interface NeutronConfig {
  vlan_range: [number, number];
  gre_id_range: [number, number];
  base_mac: string;
  internal_name: string;
  internal_cidr: string;
  internal_gateway: string;
  floating_name: string;
  floating_ranges: [string, string][];
  dns_nameservers: string[];
  parameters: NeutronParameters;
}

export interface NetworksMetadata {
  neutron: { networks: NetworkMeta[]; config: NeutronConfig };
  /** Driver name to the PCI device ids it supports for DPDK. */
  dpdk_drivers: Record<string, string[]>;
}

/** `min`: the volume's minimum; `all`: what is left; `full-disk`: whole disks. */
export type AllocateSize = 'min' | 'all' | 'full-disk';

export interface VolumeAllocation {
  allocate_size: AllocateSize;
  id: string;
}

/** `size` (MB) is the default; a volume manager may grow a group's last volume to fill it. */
export interface LogicalVolume {
  mount: string;
  type: 'lv';
  name: string;
  size: number;
  file_system: string;
}

export interface VolumeGroupSpec {
  id: string;
  type: 'vg';
  label: string;
  /** MB */
  min_size: number;
  volumes: LogicalVolume[];
}

export interface PartitionSpec {
  id: string;
  type: 'partition';
  label: string;
  name: string;
  /** MB */
  min_size: number;
  mount: string;
  file_system: string;
  partition_guid: string;
}

export type VolumeSpec = VolumeGroupSpec | PartitionSpec;

export interface VolumesMetadata {
  volumes_roles_mapping: Record<string, VolumeAllocation[]>;
  volumes: VolumeSpec[];
}

/**
 * A value generated once per environment, when it is created. Allowed generators:
 * - `password`: 24 random letters and digits;
 * - `hexstring`: random hex digits, `generator_args.length` of them;
 * - `uuid`: a random UUID (version 4).
 * Nailgun's other generators (`from_settings`, `ip`, `identical`, `cephx_key`) are not used.
 */
export type GeneratorSpec =
  | { generator: 'password' }
  | { generator: 'uuid' }
  | { generator: 'hexstring'; generator_args: { length: number } };

/** A value of `attributes_metadata.generated`: a generator, a literal, or a nested group. */
export type GeneratedValue =
  | GeneratorSpec
  | string
  | number
  | boolean
  | { [key: string]: GeneratedValue };

export type AttributeType =
  | 'checkbox'
  | 'text'
  | 'password'
  | 'select'
  | 'radio'
  | 'text_list'
  | 'textarea'
  | 'hidden'
  | 'custom_repo_configuration';

export interface AttributeOption {
  data: string;
  label: string;
  description: string;
}

export interface RepoEntry {
  name: string;
  type: 'deb';
  uri: string;
  suite: string;
  section: string;
  priority: number | null;
}

export type AttributeValue = string | number | boolean | string[] | RepoEntry[] | GeneratorSpec;

export interface EditableAttribute {
  value: AttributeValue;
  label: string;
  description: string;
  weight: number;
  type: AttributeType;
  group?: string;
  values?: AttributeOption[];
  regex?: { source: string; error: string };
  restrictions?: Restriction[];
  max?: number;
}

export interface AttributeGroupMetadata {
  label: string;
  weight: number;
  group?: string;
  toggleable?: boolean;
  enabled?: boolean;
  always_editable?: boolean;
  restrictions?: Restriction[];
}

/** One settings section: its `metadata` plus attributes keyed by name. */
export interface EditableGroup {
  metadata: AttributeGroupMetadata;
  [attribute: string]: AttributeGroupMetadata | EditableAttribute;
}

export interface ComponentRef {
  name: string;
  message?: string;
}

export interface ComponentMetadata {
  name: string;
  label: string;
  description: string;
  weight: number;
  default?: boolean;
  /** Settings the component sets when chosen: a path alone means `true`. */
  bind?: (string | [string, string | boolean])[];
  compatible?: ComponentRef[];
  incompatible?: ComponentRef[];
  requires?: ComponentRef[];
}

export type TaskStrategy = { type: 'one_by_one' } | { type: 'parallel'; amount?: number };

interface TaskBase {
  id: string;
  version: '2.1.0';
  requires: string[];
  required_for: string[];
}

export interface StageTask extends TaskBase {
  type: 'stage';
}

/** The nodes holding `role`; groups of equal `priority` deploy side by side. */
export interface GroupTask extends TaskBase {
  type: 'group';
  role: string[];
  priority: number;
  parameters: { strategy: TaskStrategy };
}

/** Writes the node's serialized deployment info, supplied by the orchestrator, to `path`. */
export interface UploadFileTask extends TaskBase {
  type: 'upload_file';
  groups: string[];
  parameters: { path: string; permissions: string; dir_permissions: string; timeout: number };
}

export interface SyncTask extends TaskBase {
  type: 'sync';
  groups: string[];
  parameters: { src: string; dst: string; timeout: number };
}

export interface PuppetTask extends TaskBase {
  type: 'puppet';
  groups: string[];
  parameters: { puppet_manifest: string; puppet_modules: string; cwd: string; timeout: number };
}

export type DeploymentTask = StageTask | GroupTask | UploadFileTask | SyncTask | PuppetTask;

/**
 * A release as stored and served. `attributes_metadata.generated` holds {@link GeneratedValue}s
 * whose generators are only `password`, `hexstring` (with `generator_args: {length}`) and `uuid`;
 * `from_settings` is not allowed. `deployment_tasks` holds {@link DeploymentTask}s.
 */
export interface ReleaseFixture {
  name: string;
  version: string;
  description: string;
  operating_system: string;
  state: ReleaseState;
  modes: string[];
  modes_metadata: Record<string, unknown>;
  roles_metadata: Record<string, RoleMetadata>;
  tags_metadata: Record<string, unknown>;
  networks_metadata: NetworksMetadata;
  attributes_metadata: {
    editable: Record<string, Record<string, unknown>>;
    generated: Record<string, unknown>;
  };
  volumes_metadata: VolumesMetadata;
  components_metadata: unknown[];
  deployment_tasks: unknown[];
}

const CEPH_UNUSED =
  'settings:storage.volumes_ceph.value == false and settings:storage.images_ceph.value == false' +
  ' and settings:storage.ephemeral_ceph.value == false' +
  ' and settings:storage.objects_ceph.value == false';

const ROLES: Record<string, RoleMetadata> = {
  controller: {
    name: 'Controller',
    description: 'Runs the OpenStack APIs, schedulers, database and message queue.',
    weight: 10,
    group: 'base',
    conflicts: ['compute', 'base-os'],
    tags: ['controller'],
    has_primary: true,
    public_ip_required: true,
    update_required: ['compute', 'cinder'],
    limits: {
      min: 1,
      recommended: 3,
      overrides: [
        {
          condition: 'settings:neutron_advanced_configuration.neutron_l3_ha.value == true',
          min: 2,
          message: 'Neutron L3 HA needs at least 2 controllers.',
        },
      ],
    },
  },
  compute: {
    name: 'Compute',
    description: 'Runs the virtual machines of the tenants.',
    weight: 20,
    group: 'compute',
    conflicts: ['controller', 'mongo', 'base-os'],
    tags: ['compute'],
    has_primary: false,
    public_ip_required: false,
    limits: { recommended: 1 },
    fault_tolerance: '2%',
  },
  cinder: {
    name: 'Cinder',
    description: 'Serves block storage volumes from local LVM over iSCSI.',
    weight: 30,
    group: 'storage',
    conflicts: ['base-os'],
    tags: ['cinder'],
    has_primary: false,
    public_ip_required: false,
    limits: { recommended: 1 },
    restrictions: [
      {
        condition: 'settings:storage.volumes_lvm.value == false',
        message: 'Enable Cinder LVM in the storage settings first.',
      },
    ],
  },
  'ceph-osd': {
    name: 'Ceph OSD',
    description: 'Stores Ceph objects for volumes, images, ephemeral disks or the object API.',
    weight: 50,
    group: 'storage',
    conflicts: ['mongo', 'base-os'],
    tags: ['ceph-osd'],
    has_primary: false,
    public_ip_required: false,
    update_once: ['controller'],
    restrictions: [
      { condition: CEPH_UNUSED, message: 'Enable a Ceph backend in the storage settings first.' },
    ],
  },
  mongo: {
    name: 'Telemetry - MongoDB',
    description: 'Holds the metering data collected by Ceilometer.',
    weight: 60,
    group: 'other',
    conflicts: ['compute', 'ceph-osd', 'base-os'],
    tags: ['mongo'],
    has_primary: true,
    public_ip_required: false,
    limits: { min: 1, recommended: 3 },
    restrictions: [
      {
        condition: 'settings:additional_components.ceilometer.value == false',
        message: 'Enable Ceilometer in the additional components first.',
      },
    ],
  },
  'base-os': {
    name: 'Operating System',
    description: 'Installs the operating system only, with no OpenStack service.',
    weight: 70,
    group: 'other',
    conflicts: ['controller', 'compute', 'cinder', 'ceph-osd', 'mongo'],
    tags: ['base-os'],
    has_primary: false,
    public_ip_required: false,
  },
};

const NETWORKS: NetworksMetadata = {
  neutron: {
    networks: [
      {
        name: 'public',
        cidr: '172.16.0.0/24',
        gateway: '172.16.0.1',
        ip_range: ['172.16.0.2', '172.16.0.126'],
        vlan_start: null,
        use_gateway: true,
        notation: 'ip_ranges',
        render_type: null,
        render_addr_mask: 'public',
        map_priority: 1,
        configurable: true,
        floating_range_var: 'floating_ranges',
        vips: ['haproxy', 'vrouter'],
      },
      {
        name: 'management',
        cidr: '192.168.0.0/24',
        vlan_start: 101,
        use_gateway: false,
        notation: 'cidr',
        render_type: 'cidr',
        render_addr_mask: 'internal',
        map_priority: 2,
        configurable: true,
        vips: ['haproxy', 'vrouter'],
      },
      {
        name: 'storage',
        cidr: '192.168.1.0/24',
        vlan_start: 102,
        use_gateway: false,
        notation: 'cidr',
        render_type: 'cidr',
        render_addr_mask: 'storage',
        map_priority: 2,
        configurable: true,
      },
      {
        name: 'private',
        seg_type: 'vlan',
        vlan_start: null,
        use_gateway: false,
        notation: null,
        render_type: null,
        render_addr_mask: null,
        map_priority: 2,
        neutron_vlan_range: true,
        configurable: false,
      },
      {
        name: 'fuelweb_admin',
        cidr: '10.20.0.0/24',
        gateway: '10.20.0.2',
        ip_range: ['10.20.0.3', '10.20.0.254'],
        vlan_start: null,
        use_gateway: true,
        notation: 'ip_ranges',
        render_type: null,
        render_addr_mask: null,
        map_priority: 0,
        configurable: false,
        unmovable: true,
      },
    ],
    config: {
      vlan_range: [1000, 1030],
      gre_id_range: [2, 65535],
      base_mac: 'fa:16:3e:00:00:00',
      internal_name: 'admin_internal_net',
      internal_cidr: '192.168.111.0/24',
      internal_gateway: '192.168.111.1',
      floating_name: 'admin_floating_net',
      floating_ranges: [['172.16.0.130', '172.16.0.254']],
      dns_nameservers: ['8.8.4.4', '8.8.8.8'],
      parameters: {
        segmentation_type: 'vlan',
        net_l23_provider: 'ovs',
        amqp: { provider: 'rabbitmq' },
        database: { provider: 'mysql', port: '3306' },
        keystone: { admin_user: null },
        metadata: { metadata_proxy_shared_secret: '' },
      },
    },
  },
  dpdk_drivers: {},
};

const password = (): GeneratorSpec => ({ generator: 'password' });

const hexstring = (length: number): GeneratorSpec => ({
  generator: 'hexstring',
  generator_args: { length },
});

function attr(
  type: AttributeType,
  value: AttributeValue,
  label: string,
  description: string,
  weight: number,
  extra: Partial<EditableAttribute> = {},
): EditableAttribute {
  return { value, label, description, weight, type, ...extra };
}

const hide = (condition = 'true'): Restriction[] => [{ condition, action: 'hide' }];

const IPV4 = '^((25[0-5]|2[0-4]\\d|1\\d\\d|[1-9]?\\d)\\.){3}(25[0-5]|2[0-4]\\d|1\\d\\d|[1-9]?\\d)$';
const HOSTNAME = '^[a-zA-Z\\d][-.a-zA-Z\\d]*$';
const NON_EMPTY = '\\S';
// A service account of the same name would be clobbered by the administrator's.
const NOT_A_SERVICE_NAME =
  '^(?!(services|nova|glance|keystone|neutron|cinder|swift|ceph|ironic|[Gg]uest)$)\\S+$';
const SSL_OFF =
  'settings:public_ssl.horizon.value == false and settings:public_ssl.services.value == false';

const MASTER_REPO = 'http://{settings.MASTER_IP}:8080/{cluster.release.version}/ubuntu';
const MOS_MIRROR = 'http://mirror.fuel-infra.org/mos-repos/ubuntu/10.0/';
const UBUNTU_MIRROR = 'http://archive.ubuntu.com/ubuntu/';
const deb = (name: string, uri: string, suite: string, priority: number | null): RepoEntry => ({
  name,
  type: 'deb',
  uri,
  suite,
  section: priority === null ? 'main universe multiverse' : 'main restricted',
  priority,
});

const EDITABLE: Record<string, EditableGroup> = {
  common: {
    metadata: { label: 'Common', weight: 10, group: 'general' },
    debug: attr(
      'checkbox',
      false,
      'OpenStack debug logging',
      'Verbose service logs; uses more disk.',
      20,
      { group: 'logging' },
    ),
    puppet_debug: attr(
      'checkbox',
      true,
      'Puppet debug logging',
      'Verbose Puppet logs; uses more disk.',
      20,
      { group: 'logging' },
    ),
    nova_quota: attr(
      'checkbox',
      false,
      'Nova quotas',
      'Limit the CPU and memory each tenant may use.',
      30,
      { group: 'compute' },
    ),
    libvirt_type: attr(
      'radio',
      'qemu',
      'Hypervisor type',
      'Virtualization used on compute nodes.',
      30,
      {
        group: 'compute',
        values: [
          { data: 'kvm', label: 'KVM', description: 'For compute nodes on bare metal.' },
          {
            data: 'qemu',
            label: 'QEMU',
            description: 'For compute nodes that are themselves VMs.',
          },
        ],
      },
    ),
    auto_assign_floating_ip: attr(
      'checkbox',
      false,
      'Auto assign floating IP',
      'Give each new instance a floating IP.',
      40,
      {
        group: 'network',
        restrictions: hide("cluster:net_provider == 'neutron'"),
      },
    ),
    resume_guests_state_on_host_boot: attr(
      'checkbox',
      true,
      'Resume guests state on host boot',
      'Restart the instances that ran before a compute node rebooted.',
      50,
      { group: 'compute' },
    ),
    use_cow_images: attr(
      'checkbox',
      true,
      'Use qcow format for images',
      'Copy-on-write images; raw images cannot be snapshotted.',
      60,
      { group: 'storage' },
    ),
    auth_key: attr('hidden', '', 'Public key', 'SSH keys added to authorized_keys on nodes.', 70),
    task_deploy: attr(
      'hidden',
      true,
      'Task based deployment',
      'Deploy with the cross-node task graph.',
      11,
    ),
  },
  access: {
    metadata: { label: 'OpenStack Access', weight: 10, group: 'general' },
    user: attr('text', 'admin', 'Username', 'Name of the cloud administrator.', 10, {
      regex: { source: NOT_A_SERVICE_NAME, error: 'Invalid username' },
    }),
    password: attr('password', 'admin', 'Password', 'Password of the cloud administrator.', 20, {
      regex: { source: NON_EMPTY, error: 'Empty password' },
    }),
    tenant: attr('text', 'admin', 'Tenant', 'Project of the cloud administrator.', 30, {
      regex: { source: NOT_A_SERVICE_NAME, error: 'Invalid tenant name' },
    }),
    email: attr('text', 'admin@localhost', 'Email', 'Email of the cloud administrator.', 40, {
      regex: { source: '^\\S+@\\S+$', error: 'Invalid email' },
    }),
  },
  provision: {
    metadata: { label: 'Provisioning', weight: 80, group: 'general', always_editable: false },
    method: attr(
      'radio',
      'image',
      'Provisioning method',
      'How the operating system is installed.',
      10,
      {
        values: [
          { data: 'image', label: 'Image', description: 'Write a prebuilt image to the disks.' },
        ],
      },
    ),
  },
  storage: {
    metadata: { label: 'Storage Backends', weight: 60, group: 'storage' },
    volumes_lvm: attr(
      'checkbox',
      true,
      'Cinder LVM over iSCSI for volumes',
      'Volumes on Cinder nodes; add at least one.',
      10,
      {
        restrictions: [
          {
            condition: 'settings:storage.volumes_ceph.value == true',
            message: 'Ceph already serves volumes.',
          },
        ],
      },
    ),
    volumes_ceph: attr(
      'checkbox',
      false,
      'Ceph RBD for volumes (Cinder)',
      'Volumes as Ceph RBD images.',
      20,
      {
        restrictions: [
          {
            condition: 'settings:storage.volumes_lvm.value == true',
            message: 'LVM already serves volumes.',
          },
        ],
      },
    ),
    images_ceph: attr(
      'checkbox',
      false,
      'Ceph RBD for images (Glance)',
      'Glance images in Ceph; Swift is then not installed.',
      30,
    ),
    ephemeral_ceph: attr(
      'checkbox',
      false,
      'Ceph RBD for ephemeral volumes (Nova)',
      'Instance disks in Ceph; allows live migration.',
      75,
    ),
    objects_ceph: attr(
      'checkbox',
      false,
      'Ceph RadosGW for objects (Swift API)',
      'S3 and Swift APIs on Ceph.',
      80,
    ),
    osd_pool_size: attr(
      'text',
      '3',
      'Ceph object replication factor',
      'Copies of each object; at most the number of Ceph OSD nodes.',
      85,
      {
        regex: { source: '^[1-9]\\d*$', error: 'Invalid number' },
      },
    ),
    fsid: attr(
      'hidden',
      { generator: 'uuid' },
      'Ceph cluster id',
      'Generated once per environment.',
      90,
    ),
  },
  additional_components: {
    metadata: { label: 'Additional Components', weight: 10, group: 'openstack_services' },
    sahara: attr('checkbox', false, 'Install Sahara', 'Data processing service.', 10),
    murano: attr('checkbox', false, 'Install Murano', 'Application catalog service.', 20),
    heat: attr('hidden', true, 'Heat', 'Orchestration service; always installed.', 50),
    ceilometer: attr(
      'checkbox',
      false,
      'Install Ceilometer and Aodh',
      'Telemetry and alarming services.',
      60,
    ),
  },
  public_network_assignment: {
    metadata: {
      label: 'Public network assignment',
      weight: 10,
      group: 'network',
      restrictions: hide("cluster:net_provider != 'neutron'"),
    },
    assign_to_all_nodes: attr(
      'checkbox',
      false,
      'Assign public network to all nodes',
      'Otherwise only controllers get it.',
      10,
    ),
  },
  neutron_advanced_configuration: {
    metadata: {
      label: 'Neutron Advanced Configuration',
      weight: 20,
      group: 'network',
      restrictions: hide("cluster:net_provider != 'neutron'"),
    },
    neutron_l2_pop: attr(
      'checkbox',
      false,
      'Neutron L2 population',
      'L2 population mechanism driver.',
      10,
      {
        restrictions: hide("networking_parameters:segmentation_type == 'vlan'"),
      },
    ),
    neutron_dvr: attr('checkbox', false, 'Neutron DVR', 'Distributed virtual routers.', 20, {
      restrictions: [
        {
          condition:
            "networking_parameters:segmentation_type != 'vlan' and settings:neutron_advanced_configuration.neutron_l2_pop.value == false",
          message: 'DVR needs L2 population.',
        },
      ],
    }),
    neutron_l3_ha: attr(
      'checkbox',
      false,
      'Neutron L3 HA',
      'Highly available virtual routers; needs 2 controllers.',
      30,
      {
        restrictions: [
          {
            condition: 'settings:neutron_advanced_configuration.neutron_dvr.value == true',
            message: 'Disable Neutron DVR to use L3 HA.',
          },
        ],
      },
    ),
  },
  kernel_params: {
    metadata: { label: 'Kernel parameters', weight: 60, group: 'general' },
    kernel: attr(
      'text',
      'console=tty0 net.ifnames=0 biosdevname=0 rootdelay=90 nomodeset',
      'Initial parameters',
      'Kernel command line of deployed nodes.',
      45,
    ),
  },
  syslog: {
    metadata: { label: 'Syslog', weight: 50, group: 'logging', toggleable: true, enabled: false },
    syslog_server: attr('text', '', 'Hostname', 'Remote syslog server.', 10, {
      regex: { source: HOSTNAME, error: 'Invalid hostname' },
    }),
    syslog_port: attr('text', '514', 'Port', 'Remote syslog port.', 20, {
      regex: {
        source: '^([1-9]\\d{0,3}|[1-5]\\d{4}|6[0-4]\\d{3}|65[0-4]\\d{2}|655[0-2]\\d|6553[0-5])$',
        error: 'Invalid syslog port',
      },
    }),
    syslog_transport: attr(
      'radio',
      'tcp',
      'Syslog transport protocol',
      'Protocol to the remote server.',
      30,
      {
        values: [
          { data: 'udp', label: 'UDP', description: '' },
          { data: 'tcp', label: 'TCP', description: '' },
        ],
      },
    ),
  },
  external_dns: {
    metadata: { label: 'Host OS DNS Servers', weight: 30, group: 'network' },
    dns_list: attr(
      'text_list',
      ['8.8.8.8', '8.8.4.4'],
      'DNS list',
      'Upstream DNS servers of the nodes.',
      10,
      {
        max: 3,
        regex: { source: IPV4, error: 'Invalid IP address' },
      },
    ),
  },
  external_ntp: {
    metadata: { label: 'Host OS NTP Servers', weight: 40, group: 'network' },
    ntp_list: attr(
      'text_list',
      ['0.pool.ntp.org', '1.pool.ntp.org'],
      'NTP server list',
      'Upstream NTP servers of the nodes.',
      10,
      {
        regex: { source: HOSTNAME, error: 'Invalid NTP server' },
      },
    ),
  },
  repo_setup: {
    metadata: { label: 'Repositories', weight: 50, group: 'general', always_editable: true },
    repos: attr(
      'custom_repo_configuration',
      [
        deb('ubuntu', UBUNTU_MIRROR, 'xenial', null),
        deb('ubuntu-updates', UBUNTU_MIRROR, 'xenial-updates', null),
        deb('ubuntu-security', UBUNTU_MIRROR, 'xenial-security', null),
        deb('mos', `${MASTER_REPO}/x86_64`, 'mos10.0', 1050),
        deb('mos-updates', MOS_MIRROR, 'mos10.0-updates', 1050),
        deb('mos-security', MOS_MIRROR, 'mos10.0-security', 1050),
        deb('Auxiliary', `${MASTER_REPO}/auxiliary`, 'auxiliary', 1150),
      ],
      'Repositories',
      'Package sources of the nodes; the first one is the operating system mirror.',
      50,
    ),
  },
  public_ssl: {
    metadata: { label: 'Public TLS', weight: 110, group: 'security' },
    services: attr(
      'checkbox',
      false,
      'TLS for OpenStack public endpoints',
      'HAProxy terminates TLS for the services.',
      10,
    ),
    horizon: attr('checkbox', false, 'HTTPS for Horizon', 'Serve the dashboard over HTTPS.', 20, {
      restrictions: [
        {
          condition: 'settings:public_ssl.services.value == false',
          message: 'Enable TLS for public endpoints first.',
        },
      ],
    }),
    cert_source: attr(
      'radio',
      'self_signed',
      'Select source for certificate',
      'Where the certificate and key come from.',
      30,
      {
        values: [
          {
            data: 'self_signed',
            label: 'Self-signed',
            description: 'Generate a key and a certificate.',
          },
          {
            data: 'user_uploaded',
            label: 'Uploaded',
            description: 'Use an uploaded key and certificate.',
          },
        ],
        restrictions: hide(SSL_OFF),
      },
    ),
    hostname: attr(
      'text',
      'public.fuel.local',
      'DNS hostname for public TLS endpoints',
      'Name the public endpoints answer to.',
      50,
      {
        restrictions: hide(SSL_OFF),
      },
    ),
  },
  cobbler: {
    metadata: { label: 'Provisioning profile', weight: 90, group: 'general', restrictions: hide() },
    profile: attr(
      'hidden',
      'ubuntu_bootstrap',
      'Profile',
      'Cobbler profile of provisioned nodes.',
      10,
    ),
  },
  workloads_collector: {
    metadata: {
      label: 'Workloads Collector User',
      weight: 10,
      group: 'general',
      restrictions: hide(),
    },
    enabled: attr('hidden', true, 'Enabled', 'Collect anonymous workload statistics.', 10),
    user: attr('text', 'fuel_stats_user', 'User', 'Account that reads the statistics.', 20),
    password: attr('password', password(), 'Password', 'Password of that account.', 30),
    tenant: attr('text', 'services', 'Tenant', 'Project of that account.', 40),
  },
};

const GENERATED: Record<string, GeneratedValue> = {
  mysql: { root_password: password(), wsrep_password: password() },
  keystone: { db_password: password(), admin_token: password() },
  glance: { db_password: password(), user_password: password() },
  nova: { db_password: password(), user_password: password(), state_path: '/var/lib/nova' },
  neutron: {
    db_password: password(),
    user_password: password(),
    metadata_proxy_shared_secret: password(),
  },
  cinder: { db_password: password(), user_password: password(), fixed_key: hexstring(64) },
  rabbit: { password: password() },
  horizon: { secret_key: hexstring(64) },
  heat: { db_password: password(), user_password: password(), auth_encryption_key: hexstring(32) },
  ceilometer: { db_password: password(), user_password: password(), metering_secret: password() },
  mco: { password: password() },
  deployed_before: { value: false },
  provision: {
    codename: 'xenial',
    image_data: {
      '/': {
        uri: 'http://{settings.MASTER_IP}:8080/targetimages/env_{cluster.id}_ubuntu_1604_amd64.img.gz',
        format: 'ext4',
        container: 'gzip',
      },
      '/boot': {
        uri: 'http://{settings.MASTER_IP}:8080/targetimages/env_{cluster.id}_ubuntu_1604_amd64-boot.img.gz',
        format: 'ext2',
        container: 'gzip',
      },
    },
  },
};

const lvGroup = (
  id: string,
  label: string,
  minSize: number,
  lv: Omit<LogicalVolume, 'type' | 'size'>,
): VolumeGroupSpec => ({
  id,
  type: 'vg',
  label,
  min_size: minSize,
  volumes: [{ ...lv, type: 'lv', size: minSize }],
});

const VOLUMES: VolumesMetadata = {
  volumes_roles_mapping: {
    controller: [
      { allocate_size: 'min', id: 'os' },
      { allocate_size: 'all', id: 'mysql' },
      { allocate_size: 'min', id: 'image' },
    ],
    compute: [
      { allocate_size: 'min', id: 'os' },
      { allocate_size: 'all', id: 'vm' },
    ],
    cinder: [
      { allocate_size: 'min', id: 'os' },
      { allocate_size: 'all', id: 'cinder' },
    ],
    'ceph-osd': [
      { allocate_size: 'min', id: 'os' },
      { allocate_size: 'full-disk', id: 'ceph' },
      { allocate_size: 'min', id: 'cephjournal' },
    ],
    mongo: [
      { allocate_size: 'min', id: 'os' },
      { allocate_size: 'all', id: 'mongo' },
    ],
    'base-os': [{ allocate_size: 'min', id: 'os' }],
  },
  volumes: [
    {
      id: 'os',
      type: 'vg',
      label: 'Base System',
      min_size: 55296,
      volumes: [
        { mount: '/', type: 'lv', name: 'root', size: 51200, file_system: 'ext4' },
        { mount: 'swap', type: 'lv', name: 'swap', size: 4096, file_system: 'swap' },
      ],
    },
    lvGroup('vm', 'Virtual Storage', 5120, {
      mount: '/var/lib/nova',
      name: 'nova',
      file_system: 'xfs',
    }),
    { id: 'cinder', type: 'vg', label: 'Cinder', min_size: 1536, volumes: [] },
    {
      id: 'ceph',
      type: 'partition',
      label: 'Ceph',
      name: 'Ceph',
      min_size: 3072,
      mount: 'none',
      file_system: 'none',
      partition_guid: '4fbd7e29-9d25-41b8-afd0-062c0ceff05d',
    },
    {
      id: 'cephjournal',
      type: 'partition',
      label: 'Ceph Journal',
      name: 'Ceph Journal',
      min_size: 0,
      mount: 'none',
      file_system: 'none',
      partition_guid: '45b0969e-9b03-4f30-b4c6-b4b80ceff106',
    },
    lvGroup('mysql', 'Mysql Database', 20480, {
      mount: '/var/lib/mysql',
      name: 'root',
      file_system: 'ext4',
    }),
    lvGroup('mongo', 'MongoDB', 10240, {
      mount: '/var/lib/mongo',
      name: 'mongodb',
      file_system: 'ext4',
    }),
    lvGroup('image', 'Image Storage', 5120, {
      mount: '/var/lib/glance',
      name: 'glance',
      file_system: 'xfs',
    }),
  ],
};

const COMPONENTS: ComponentMetadata[] = [
  {
    name: 'hypervisor:qemu',
    label: 'QEMU-KVM',
    description: 'Libvirt with QEMU or KVM on the compute nodes.',
    weight: 5,
    default: true,
    bind: [['settings:common.libvirt_type.value', 'qemu']],
  },
  {
    name: 'network:neutron:ml2:vlan',
    label: 'Neutron with VLAN segmentation',
    description: 'Tenant networks are VLANs on the physical network.',
    weight: 5,
    default: true,
    bind: [
      ['cluster:net_provider', 'neutron'],
      ['cluster:net_segment_type', 'vlan'],
    ],
    compatible: [{ name: 'hypervisor:qemu' }],
    incompatible: [{ name: 'network:neutron:ml2:tun', message: 'Choose one segmentation type.' }],
  },
  {
    name: 'network:neutron:ml2:tun',
    label: 'Neutron with tunneling segmentation',
    description: 'Tenant networks are VXLAN tunnels between nodes.',
    weight: 10,
    bind: [
      ['cluster:net_provider', 'neutron'],
      ['cluster:net_segment_type', 'tun'],
    ],
    compatible: [{ name: 'hypervisor:qemu' }],
    incompatible: [{ name: 'network:neutron:ml2:vlan', message: 'Choose one segmentation type.' }],
  },
  {
    name: 'storage:block:lvm',
    label: 'LVM',
    description: 'Block storage from LVM on Cinder nodes.',
    weight: 5,
    default: true,
    bind: ['settings:storage.volumes_lvm.value'],
    incompatible: [
      { name: 'storage:block:ceph', message: 'LVM and Ceph cannot both serve volumes.' },
    ],
  },
  {
    name: 'storage:block:ceph',
    label: 'Ceph',
    description: 'Block storage from Ceph RBD.',
    weight: 10,
    bind: [
      ['settings:storage.volumes_ceph.value', true],
      ['settings:storage.volumes_lvm.value', false],
    ],
    compatible: [{ name: 'storage:image:ceph' }, { name: 'storage:object:ceph' }],
    incompatible: [
      { name: 'storage:block:lvm', message: 'Ceph and LVM cannot both serve volumes.' },
    ],
  },
  {
    name: 'storage:image:ceph',
    label: 'Ceph',
    description: 'Glance images in Ceph RBD.',
    weight: 10,
    bind: ['settings:storage.images_ceph.value'],
    compatible: [{ name: 'storage:block:ceph' }, { name: 'storage:object:ceph' }],
  },
  {
    name: 'storage:object:ceph',
    label: 'Ceph',
    description: 'Object storage through Ceph RadosGW.',
    weight: 10,
    bind: ['settings:storage.objects_ceph.value'],
    compatible: [{ name: 'storage:block:ceph' }, { name: 'storage:image:ceph' }],
  },
];

const ALL_GROUPS = [
  'primary-mongo',
  'mongo',
  'primary-controller',
  'controller',
  'cinder',
  'ceph-osd',
  'compute',
  'base-os',
];

const stage = (id: string, requires: string[], requiredFor: string[]): StageTask => ({
  id,
  type: 'stage',
  version: '2.1.0',
  requires,
  required_for: requiredFor,
});

// Mongo groups come first because Ceilometer on the controllers connects to them at start.
const group = (
  id: string,
  priority: number,
  requires: string[],
  strategy: TaskStrategy,
): GroupTask => ({
  id,
  type: 'group',
  version: '2.1.0',
  role: [id],
  priority,
  requires: ['deploy_start', ...requires],
  required_for: ['deploy_end'],
  parameters: { strategy },
});

const PUPPET_MODULES = '/etc/puppet/modules';

const DEPLOYMENT_TASKS: DeploymentTask[] = [
  stage('deploy_start', [], []),
  stage('deploy_end', ['deploy_start'], []),
  group('primary-mongo', 50, [], { type: 'one_by_one' }),
  group('mongo', 75, ['primary-mongo'], { type: 'one_by_one' }),
  group('primary-controller', 100, ['primary-mongo', 'mongo'], { type: 'one_by_one' }),
  group('controller', 200, ['primary-controller'], { type: 'one_by_one' }),
  group('cinder', 300, ['controller'], { type: 'parallel' }),
  group('ceph-osd', 300, ['controller'], { type: 'parallel' }),
  group('compute', 300, ['controller'], { type: 'parallel' }),
  group('base-os', 300, [], { type: 'parallel' }),
  {
    id: 'upload_configuration',
    type: 'upload_file',
    version: '2.1.0',
    groups: ALL_GROUPS,
    requires: [],
    required_for: ['rsync_core_puppet'],
    parameters: {
      path: '/etc/astute.yaml',
      permissions: '0600',
      dir_permissions: '0700',
      timeout: 180,
    },
  },
  {
    id: 'rsync_core_puppet',
    type: 'sync',
    version: '2.1.0',
    groups: ALL_GROUPS,
    requires: ['upload_configuration'],
    required_for: ['netconfig'],
    parameters: {
      src: 'rsync://{settings.MASTER_IP}:/puppet/{cluster.release.version}/',
      dst: '/etc/puppet',
      timeout: 180,
    },
  },
  {
    id: 'netconfig',
    type: 'puppet',
    version: '2.1.0',
    groups: ALL_GROUPS,
    requires: ['rsync_core_puppet'],
    required_for: ['site'],
    parameters: {
      puppet_manifest: '/etc/puppet/modules/osnailyfacter/modular/netconfig/netconfig.pp',
      puppet_modules: PUPPET_MODULES,
      cwd: '/',
      timeout: 3600,
    },
  },
  {
    id: 'site',
    type: 'puppet',
    version: '2.1.0',
    groups: ALL_GROUPS,
    requires: ['netconfig'],
    required_for: [],
    parameters: {
      puppet_manifest: '/etc/puppet/manifests/site.pp',
      puppet_modules: PUPPET_MODULES,
      cwd: '/',
      timeout: 3600,
    },
  },
];

export const SEED_RELEASE: ReleaseFixture = {
  name: 'Newton on Ubuntu 16.04',
  version: 'newton-10.0',
  description: 'Installs OpenStack Newton on Ubuntu 16.04, with highly available controllers.',
  operating_system: 'Ubuntu',
  state: 'available',
  modes: ['ha_compact'],
  modes_metadata: {
    ha_compact: {
      description: 'Controllers run MySQL/Galera, RabbitMQ and HAProxy clustered; 3 give true HA.',
    },
  },
  roles_metadata: ROLES,
  tags_metadata: Object.fromEntries(
    Object.entries(ROLES).map(([role, meta]) => [role, { has_primary: meta.has_primary }]),
  ),
  networks_metadata: NETWORKS,
  attributes_metadata: { editable: EDITABLE, generated: GENERATED },
  volumes_metadata: VOLUMES,
  components_metadata: COMPONENTS,
  deployment_tasks: DEPLOYMENT_TASKS,
};
