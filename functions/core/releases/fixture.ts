/**
 * The release seeded into an empty database: "Newton on Ubuntu 16.04".
 *
 * Values follow the shape of Nailgun 10.0's release fixture as `GET /api/releases/{id}` returns
 * it, trimmed to what building and deploying an environment needs. Two deliberate differences:
 * volume sizes are plain numbers in MB (Nailgun computes them with size generators), and only
 * the value generators listed on {@link GeneratorSpec} appear. Strings such as
 * `{settings.MASTER_IP}` or `{cluster.id}` are Nailgun's placeholders, filled per environment.
 */

export type ReleaseState = 'available' | 'unavailable' | 'manageonly';

/** Nailgun's restriction: while `condition` holds, the item is unavailable (or hidden). */
export interface Restriction {
  condition: string;
  message?: string;
  action?: 'disable' | 'hide' | 'none';
}

export type RoleGroup = 'base' | 'compute' | 'storage' | 'other';

export interface RoleLimits {
  min?: number;
  max?: number;
  recommended?: number;
  overrides?: RoleLimitOverride[];
}

/** Limits that replace the base ones while `condition` holds. */
export type RoleLimitOverride = Omit<RoleLimits, 'overrides'> & {
  condition: string;
  message: string;
};

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
export type SegmentationType = 'vlan' | 'gre' | 'tun';

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
  parameters: {
    segmentation_type: SegmentationType;
    net_l23_provider: 'ovs' | 'nsx' | 'dpdkovs';
    amqp: { provider: 'rabbitmq' };
    database: { provider: 'mysql'; port: string };
    keystone: { admin_user: string | null };
    metadata: { metadata_proxy_shared_secret: string };
  };
}

export type NeutronParameters = NeutronConfig['parameters'];

export interface NetworksMetadata {
  neutron: { networks: NetworkMeta[]; config: NeutronConfig };
  /** Driver name to the PCI device ids it supports for DPDK. */
  dpdk_drivers: Record<string, string[]>;
}

/** `min`: the volume's minimum; `all`: the space left; `full-disk`: whole disks. */
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

interface VolumeBase {
  id: string;
  label: string;
  /** MB */
  min_size: number;
}

export interface VolumeGroupSpec extends VolumeBase {
  type: 'vg';
  volumes: LogicalVolume[];
}

export interface PartitionSpec extends VolumeBase {
  type: 'partition';
  name: string;
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

export interface RepoEntry {
  name: string;
  type: 'deb';
  uri: string;
  suite: string;
  section: string;
  priority: number | null;
}

export type AttributeValue = string | number | boolean | string[] | RepoEntry[] | GeneratorSpec;

export interface AttributeOption {
  data: string;
  label: string;
  description: string;
}

export interface EditableAttribute {
  value: AttributeValue;
  label: string;
  description: string;
  weight: number;
  type: AttributeType;
  group?: string;
  /** Choices of a `radio` or `select`. */
  values?: AttributeOption[];
  regex?: { source: string; error: string };
  restrictions?: Restriction[];
  /** Most entries of a `text_list`. */
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
  /** Settings the component sets when chosen; a path alone means `true`. */
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

/**
 * The nodes holding a role (`primary-<role>` for the first node of a `has_primary` role).
 * Lower `priority` deploys first, equal ones side by side; an empty group is done at once.
 */
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
 * A release as stored and served. `attributes_metadata.editable` holds {@link EditableGroup}s;
 * `attributes_metadata.generated` holds {@link GeneratedValue}s, whose generators are only
 * `password`, `hexstring` (with `generator_args: {length}`) and `uuid` (`from_settings` is not
 * allowed); `components_metadata` holds {@link ComponentMetadata} and `deployment_tasks`
 * {@link DeploymentTask}s.
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
    description: 'Runs the OpenStack APIs and schedulers, the database and the message queue.',
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
    description: 'Stores Ceph objects for volumes, images, instance disks or the object API.',
    weight: 50,
    group: 'storage',
    conflicts: ['mongo', 'base-os'],
    tags: ['ceph-osd'],
    has_primary: false,
    public_ip_required: false,
    update_once: ['controller'],
    restrictions: [{ condition: CEPH_UNUSED, message: 'Enable a Ceph backend in storage first.' }],
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

/** The meta keys of a network whose addresses come from a CIDR on a tagged VLAN. */
const vlanCidr = (name: NetworkName, cidr: string, vlan: number): NetworkMeta => ({
  name,
  cidr,
  vlan_start: vlan,
  use_gateway: false,
  notation: 'cidr',
  render_type: 'cidr',
  render_addr_mask: name === 'management' ? 'internal' : 'storage',
  map_priority: 2,
  configurable: true,
});

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
      { ...vlanCidr('management', '192.168.0.0/24', 101), vips: ['haproxy', 'vrouter'] },
      vlanCidr('storage', '192.168.1.0/24', 102),
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
  weight: number,
  label: string,
  rest: Omit<EditableAttribute, 'type' | 'value' | 'weight' | 'label'>,
): EditableAttribute {
  return { value, label, weight, type, ...rest };
}

const hide = (condition = 'true'): Restriction[] => [{ condition, action: 'hide' }];
const disableWhen = (condition: string, message: string): Restriction[] => [{ condition, message }];

const IPV4 = '^((25[0-5]|2[0-4]\\d|1\\d\\d|[1-9]?\\d)\\.){3}(25[0-5]|2[0-4]\\d|1\\d\\d|[1-9]?\\d)$';
const HOSTNAME = '^[a-zA-Z\\d][-.a-zA-Z\\d]*$';
const PORT = '^([1-9]\\d{0,3}|[1-5]\\d{4}|6[0-4]\\d{3}|65[0-4]\\d{2}|655[0-2]\\d|6553[0-5])$';
// An administrator named like a service account would clobber that account.
const NOT_A_SERVICE_NAME =
  '^(?!(services|nova|glance|keystone|neutron|cinder|swift|ceph|ironic|[Gg]uest)$)\\S+$';
const SSL_OFF =
  'settings:public_ssl.horizon.value == false and settings:public_ssl.services.value == false';
const NEUTRON_OFF = "cluster:net_provider != 'neutron'";
const DVR_WITHOUT_L2_POP =
  "networking_parameters:segmentation_type != 'vlan'" +
  ' and settings:neutron_advanced_configuration.neutron_l2_pop.value == false';

const MASTER_REPO = 'http://{settings.MASTER_IP}:8080/{cluster.release.version}/ubuntu';
const MOS_MIRROR = 'http://mirror.fuel-infra.org/mos-repos/ubuntu/10.0/';
const UBUNTU_MIRROR = 'http://archive.ubuntu.com/ubuntu/';

/** Ubuntu's own repositories have no pin priority; Fuel's are pinned above them. */
const deb = (name: string, uri: string, suite: string, priority: number | null): RepoEntry => ({
  name,
  type: 'deb',
  uri,
  suite,
  section: priority === null ? 'main universe multiverse' : 'main restricted',
  priority,
});

const REPOS: RepoEntry[] = [
  deb('ubuntu', UBUNTU_MIRROR, 'xenial', null),
  deb('ubuntu-updates', UBUNTU_MIRROR, 'xenial-updates', null),
  deb('ubuntu-security', UBUNTU_MIRROR, 'xenial-security', null),
  deb('mos', `${MASTER_REPO}/x86_64`, 'mos10.0', 1050),
  deb('mos-updates', MOS_MIRROR, 'mos10.0-updates', 1050),
  deb('mos-security', MOS_MIRROR, 'mos10.0-security', 1050),
  deb('Auxiliary', `${MASTER_REPO}/auxiliary`, 'auxiliary', 1150),
];

const EDITABLE: Record<string, EditableGroup> = {
  common: {
    metadata: { label: 'Common', weight: 10, group: 'general' },
    debug: attr('checkbox', false, 20, 'OpenStack debug logging', {
      description: 'Verbose service logs; they use more disk.',
      group: 'logging',
    }),
    puppet_debug: attr('checkbox', true, 20, 'Puppet debug logging', {
      description: 'Verbose Puppet logs; they use more disk.',
      group: 'logging',
    }),
    nova_quota: attr('checkbox', false, 30, 'Nova quotas', {
      description: 'Limit the CPU and memory each tenant may use.',
      group: 'compute',
    }),
    libvirt_type: attr('radio', 'qemu', 30, 'Hypervisor type', {
      description: 'Virtualization used on the compute nodes.',
      group: 'compute',
      values: [
        { data: 'kvm', label: 'KVM', description: 'For compute nodes on bare metal.' },
        { data: 'qemu', label: 'QEMU', description: 'For compute nodes that are VMs.' },
      ],
    }),
    auto_assign_floating_ip: attr('checkbox', false, 40, 'Auto assign floating IP', {
      description: 'Give each new instance a floating IP.',
      group: 'network',
      restrictions: hide("cluster:net_provider == 'neutron'"),
    }),
    resume_guests_state_on_host_boot: attr('checkbox', true, 50, 'Resume guests on host boot', {
      description: 'Restart the instances that ran before a compute node rebooted.',
      group: 'compute',
    }),
    use_cow_images: attr('checkbox', true, 60, 'Use qcow format for images', {
      description: 'Copy-on-write images; raw images cannot be snapshotted.',
      group: 'storage',
    }),
    auth_key: attr('hidden', '', 70, 'Public key', {
      description: 'SSH keys added to authorized_keys on the nodes.',
    }),
    task_deploy: attr('hidden', true, 11, 'Task based deployment', {
      description: 'Deploy with the cross-node task graph.',
    }),
  },
  access: {
    metadata: { label: 'OpenStack Access', weight: 10, group: 'general' },
    user: attr('text', 'admin', 10, 'Username', {
      description: 'Name of the cloud administrator.',
      regex: { source: NOT_A_SERVICE_NAME, error: 'Invalid username' },
    }),
    password: attr('password', 'admin', 20, 'Password', {
      description: 'Password of the cloud administrator.',
      regex: { source: '\\S', error: 'Empty password' },
    }),
    tenant: attr('text', 'admin', 30, 'Tenant', {
      description: 'Project of the cloud administrator.',
      regex: { source: NOT_A_SERVICE_NAME, error: 'Invalid tenant name' },
    }),
    email: attr('text', 'admin@localhost', 40, 'Email', {
      description: 'Email address of the cloud administrator.',
      regex: { source: '^\\S+@\\S+$', error: 'Invalid email' },
    }),
  },
  provision: {
    metadata: { label: 'Provisioning', weight: 80, group: 'general', always_editable: false },
    method: attr('radio', 'image', 10, 'Provisioning method', {
      description: 'How the operating system is installed.',
      values: [{ data: 'image', label: 'Image', description: 'Write a prebuilt image to disk.' }],
    }),
  },
  storage: {
    metadata: { label: 'Storage Backends', weight: 60, group: 'storage' },
    volumes_lvm: attr('checkbox', true, 10, 'Cinder LVM over iSCSI for volumes', {
      description: 'Volumes live on Cinder nodes; add at least one.',
      restrictions: disableWhen('settings:storage.volumes_ceph.value == true', 'Ceph serves them.'),
    }),
    volumes_ceph: attr('checkbox', false, 20, 'Ceph RBD for volumes (Cinder)', {
      description: 'Volumes live in Ceph RBD images.',
      restrictions: disableWhen('settings:storage.volumes_lvm.value == true', 'LVM serves them.'),
    }),
    images_ceph: attr('checkbox', false, 30, 'Ceph RBD for images (Glance)', {
      description: 'Glance images live in Ceph; Swift is then not installed.',
    }),
    ephemeral_ceph: attr('checkbox', false, 75, 'Ceph RBD for ephemeral volumes (Nova)', {
      description: 'Instance disks live in Ceph, which allows live migration.',
    }),
    objects_ceph: attr('checkbox', false, 80, 'Ceph RadosGW for objects (Swift API)', {
      description: 'S3 and Swift APIs served by Ceph.',
    }),
    osd_pool_size: attr('text', '3', 85, 'Ceph object replication factor', {
      description: 'Copies of each object; at most the number of Ceph OSD nodes.',
      regex: { source: '^[1-9]\\d*$', error: 'Invalid number' },
    }),
    fsid: attr('hidden', { generator: 'uuid' }, 90, 'Ceph cluster id', {
      description: 'Generated once per environment.',
    }),
  },
  additional_components: {
    metadata: { label: 'Additional Components', weight: 10, group: 'openstack_services' },
    sahara: attr('checkbox', false, 10, 'Install Sahara', {
      description: 'Data processing service.',
    }),
    murano: attr('checkbox', false, 20, 'Install Murano', {
      description: 'Application catalog service.',
    }),
    heat: attr('hidden', true, 50, 'Heat', { description: 'Orchestration; always installed.' }),
    ceilometer: attr('checkbox', false, 60, 'Install Ceilometer and Aodh', {
      description: 'Telemetry and alarming services; they need MongoDB nodes.',
    }),
  },
  public_network_assignment: {
    metadata: { label: 'Public network assignment', weight: 10, restrictions: hide(NEUTRON_OFF) },
    assign_to_all_nodes: attr('checkbox', false, 10, 'Assign public network to all nodes', {
      description: 'When off, only controllers get the public network.',
    }),
  },
  neutron_advanced_configuration: {
    metadata: {
      label: 'Neutron Advanced Configuration',
      weight: 20,
      restrictions: hide(NEUTRON_OFF),
    },
    neutron_l2_pop: attr('checkbox', false, 10, 'Neutron L2 population', {
      description: 'L2 population mechanism driver.',
      restrictions: hide("networking_parameters:segmentation_type == 'vlan'"),
    }),
    neutron_dvr: attr('checkbox', false, 20, 'Neutron DVR', {
      description: 'Distributed virtual routers.',
      restrictions: disableWhen(DVR_WITHOUT_L2_POP, 'DVR needs L2 population.'),
    }),
    neutron_l3_ha: attr('checkbox', false, 30, 'Neutron L3 HA', {
      description: 'Highly available virtual routers; needs 2 controllers.',
      restrictions: disableWhen(
        'settings:neutron_advanced_configuration.neutron_dvr.value == true',
        'Disable Neutron DVR to use L3 HA.',
      ),
    }),
  },
  kernel_params: {
    metadata: { label: 'Kernel parameters', weight: 60, group: 'general' },
    kernel: attr(
      'text',
      'console=tty0 net.ifnames=0 biosdevname=0 rootdelay=90 nomodeset',
      45,
      'Initial parameters',
      {
        description: 'Kernel command line of the deployed nodes.',
      },
    ),
  },
  syslog: {
    metadata: { label: 'Syslog', weight: 50, group: 'logging', toggleable: true, enabled: false },
    syslog_server: attr('text', '', 10, 'Hostname', {
      description: 'Remote syslog server.',
      regex: { source: HOSTNAME, error: 'Invalid hostname' },
    }),
    syslog_port: attr('text', '514', 20, 'Port', {
      description: 'Remote syslog port.',
      regex: { source: PORT, error: 'Invalid syslog port' },
    }),
    syslog_transport: attr('radio', 'tcp', 30, 'Syslog transport protocol', {
      description: 'Protocol to the remote server.',
      values: [
        { data: 'udp', label: 'UDP', description: '' },
        { data: 'tcp', label: 'TCP', description: '' },
      ],
    }),
  },
  external_dns: {
    metadata: { label: 'Host OS DNS Servers', weight: 30, group: 'network' },
    dns_list: attr('text_list', ['8.8.8.8', '8.8.4.4'], 10, 'DNS list', {
      description: 'Upstream DNS servers of the nodes.',
      max: 3,
      regex: { source: IPV4, error: 'Invalid IP address' },
    }),
  },
  external_ntp: {
    metadata: { label: 'Host OS NTP Servers', weight: 40, group: 'network' },
    ntp_list: attr('text_list', ['0.pool.ntp.org', '1.pool.ntp.org'], 10, 'NTP server list', {
      description: 'Upstream NTP servers of the nodes.',
      regex: { source: HOSTNAME, error: 'Invalid NTP server' },
    }),
  },
  repo_setup: {
    metadata: { label: 'Repositories', weight: 50, group: 'general', always_editable: true },
    repos: attr('custom_repo_configuration', REPOS, 50, 'Repositories', {
      description: 'Package sources of the nodes; the first is the operating system mirror.',
    }),
  },
  public_ssl: {
    metadata: { label: 'Public TLS', weight: 110, group: 'security' },
    services: attr('checkbox', false, 10, 'TLS for OpenStack public endpoints', {
      description: 'HAProxy terminates TLS for the services.',
    }),
    horizon: attr('checkbox', false, 20, 'HTTPS for Horizon', {
      description: 'Serve the dashboard over HTTPS.',
      restrictions: disableWhen('settings:public_ssl.services.value == false', 'Enable TLS first.'),
    }),
    cert_source: attr('radio', 'self_signed', 30, 'Select source for certificate', {
      description: 'Where the certificate and its key come from.',
      values: [
        { data: 'self_signed', label: 'Self-signed', description: 'Generate both.' },
        { data: 'user_uploaded', label: 'Uploaded', description: 'Use an uploaded pair.' },
      ],
      restrictions: hide(SSL_OFF),
    }),
    hostname: attr('text', 'public.fuel.local', 50, 'DNS hostname for public TLS endpoints', {
      description: 'Name the public endpoints answer to.',
      restrictions: hide(SSL_OFF),
    }),
  },
  cobbler: {
    metadata: { label: 'Provisioning profile', weight: 90, group: 'general', restrictions: hide() },
    profile: attr('hidden', 'ubuntu_bootstrap', 10, 'Profile', {
      description: 'Cobbler profile of the provisioned nodes.',
    }),
  },
  workloads_collector: {
    metadata: { label: 'Workloads Collector', weight: 10, group: 'general', restrictions: hide() },
    enabled: attr('hidden', true, 10, 'Enabled', { description: 'Collect workload statistics.' }),
    user: attr('text', 'fuel_stats_user', 20, 'User', { description: 'Account that reads them.' }),
    password: attr('password', password(), 30, 'Password', { description: 'Its password.' }),
    tenant: attr('text', 'services', 40, 'Tenant', { description: 'Its project.' }),
  },
};

const IMAGES = 'http://{settings.MASTER_IP}:8080/targetimages/env_{cluster.id}_ubuntu_1604_amd64';

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
      '/': { uri: `${IMAGES}.img.gz`, format: 'ext4', container: 'gzip' },
      '/boot': { uri: `${IMAGES}-boot.img.gz`, format: 'ext2', container: 'gzip' },
    },
  },
};

const min = (id: string): VolumeAllocation => ({ allocate_size: 'min', id });
const all = (id: string): VolumeAllocation => ({ allocate_size: 'all', id });

/** A volume group holding one logical volume of the group's minimum size. */
const singleLvGroup = (
  id: string,
  label: string,
  minSize: number,
  lv: Pick<LogicalVolume, 'mount' | 'name' | 'file_system'>,
): VolumeGroupSpec => ({
  id,
  type: 'vg',
  label,
  min_size: minSize,
  volumes: [{ ...lv, type: 'lv', size: minSize }],
});

const VOLUMES: VolumesMetadata = {
  volumes_roles_mapping: {
    controller: [min('os'), all('mysql'), min('image')],
    compute: [min('os'), all('vm')],
    cinder: [min('os'), all('cinder')],
    'ceph-osd': [min('os'), { allocate_size: 'full-disk', id: 'ceph' }, min('cephjournal')],
    mongo: [min('os'), all('mongo')],
    'base-os': [min('os')],
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
    singleLvGroup('vm', 'Virtual Storage', 5120, {
      mount: '/var/lib/nova',
      name: 'nova',
      file_system: 'xfs',
    }),
    // Cinder carves its own logical volumes out of this group.
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
    singleLvGroup('mysql', 'MySQL Database', 20480, {
      mount: '/var/lib/mysql',
      name: 'root',
      file_system: 'ext4',
    }),
    singleLvGroup('mongo', 'MongoDB', 10240, {
      mount: '/var/lib/mongo',
      name: 'mongodb',
      file_system: 'ext4',
    }),
    singleLvGroup('image', 'Image Storage', 5120, {
      mount: '/var/lib/glance',
      name: 'glance',
      file_system: 'xfs',
    }),
  ],
};

const ONE_SEGMENTATION = 'Choose one segmentation type.';
const ONE_VOLUME_BACKEND = 'LVM and Ceph cannot both serve volumes.';

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
    description: 'Tenant networks are VLANs of the physical network.',
    weight: 5,
    default: true,
    bind: [
      ['cluster:net_provider', 'neutron'],
      ['cluster:net_segment_type', 'vlan'],
    ],
    compatible: [{ name: 'hypervisor:qemu' }],
    incompatible: [{ name: 'network:neutron:ml2:tun', message: ONE_SEGMENTATION }],
  },
  {
    name: 'network:neutron:ml2:tun',
    label: 'Neutron with tunneling segmentation',
    description: 'Tenant networks are VXLAN tunnels between the nodes.',
    weight: 10,
    bind: [
      ['cluster:net_provider', 'neutron'],
      ['cluster:net_segment_type', 'tun'],
    ],
    compatible: [{ name: 'hypervisor:qemu' }],
    incompatible: [{ name: 'network:neutron:ml2:vlan', message: ONE_SEGMENTATION }],
  },
  {
    name: 'storage:block:lvm',
    label: 'LVM',
    description: 'Block storage from LVM on Cinder nodes.',
    weight: 5,
    default: true,
    bind: ['settings:storage.volumes_lvm.value'],
    incompatible: [{ name: 'storage:block:ceph', message: ONE_VOLUME_BACKEND }],
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
    incompatible: [{ name: 'storage:block:lvm', message: ONE_VOLUME_BACKEND }],
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

const stage = (id: string, requires: string[]): StageTask => ({
  id,
  type: 'stage',
  version: '2.1.0',
  requires,
  required_for: [],
});

function group(id: string, priority: number, after: string[], strategy: TaskStrategy): GroupTask {
  return {
    id,
    type: 'group',
    version: '2.1.0',
    role: [id],
    priority,
    requires: ['deploy_start', ...after],
    required_for: ['deploy_end'],
    parameters: { strategy },
  };
}

const ONE_BY_ONE: TaskStrategy = { type: 'one_by_one' };
const PARALLEL: TaskStrategy = { type: 'parallel' };

const GROUPS: GroupTask[] = [
  // MongoDB comes first: Ceilometer on the controllers connects to it when it starts.
  group('primary-mongo', 50, [], ONE_BY_ONE),
  group('mongo', 75, ['primary-mongo'], ONE_BY_ONE),
  group('primary-controller', 100, ['primary-mongo', 'mongo'], ONE_BY_ONE),
  group('controller', 200, ['primary-controller'], ONE_BY_ONE),
  group('cinder', 300, ['controller'], PARALLEL),
  group('ceph-osd', 300, ['controller'], PARALLEL),
  group('compute', 300, ['controller'], PARALLEL),
  group('base-os', 300, [], PARALLEL),
];

const ALL_GROUPS = GROUPS.map((task) => task.id);
const PUPPET_MODULES = '/etc/puppet/modules';

const DEPLOYMENT_TASKS: DeploymentTask[] = [
  stage('deploy_start', []),
  stage('deploy_end', ['deploy_start']),
  ...GROUPS,
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
      description: 'Controllers cluster MySQL/Galera, RabbitMQ and HAProxy; 3 of them give HA.',
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
