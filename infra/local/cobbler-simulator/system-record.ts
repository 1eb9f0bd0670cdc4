/**
 * The stored shape of a Cobbler system: the 55 keys `get_system` answers on 3.3.7 (with their
 * defaults for a fresh `new_item('system')`) and the keys of each network interface. Cobbler 2.x
 * named three of them differently and had a few more; `generation` picks the set.
 */
import { randomBytes } from 'node:crypto';
import { INHERIT, type PyDict, stripNone } from './python-values.js';

/** Cobbler's major line: 3 (3.3.7, `version()` 3.307) or 2 (what Fuel shipped, e.g. 2.8). */
export type CobblerGeneration = 2 | 3;

/** One system: its attributes, and its interfaces by name. */
export interface SimSystem {
  fields: PyDict;
  interfaces: Map<string, PyDict>;
}

const ITEM_DEFAULTS = {
  parent: '',
  depth: 0,
  ctime: 0,
  mtime: 0,
  name: '',
  comment: '',
  kernel_options: INHERIT,
  kernel_options_post: INHERIT,
  autoinstall_meta: INHERIT,
  fetchable_files: INHERIT,
  boot_files: INHERIT,
  template_files: {},
  owners: INHERIT,
  mgmt_classes: INHERIT,
  mgmt_parameters: INHERIT,
  is_subobject: false,
} as const;

const SYSTEM_DEFAULTS = {
  ipv6_autoconfiguration: false,
  repos_enabled: false,
  autoinstall: INHERIT,
  boot_loaders: INHERIT,
  enable_ipxe: INHERIT,
  gateway: '',
  hostname: '',
  image: '',
  ipv6_default_device: '',
  name_servers: [],
  name_servers_search: [],
  netboot_enabled: false,
  next_server_v4: INHERIT,
  next_server_v6: INHERIT,
  filename: INHERIT,
  power_address: '',
  power_id: '',
  power_pass: '',
  power_type: '',
  power_user: '',
  power_options: '',
  power_identity_file: '',
  profile: '',
  proxy: INHERIT,
  redhat_management_key: INHERIT,
  server: INHERIT,
  status: '',
  virt_auto_boot: INHERIT,
  virt_cpus: INHERIT,
  virt_disk_driver: INHERIT,
  virt_file_size: INHERIT,
  virt_path: INHERIT,
  virt_pxe_boot: false,
  virt_ram: INHERIT,
  virt_type: INHERIT,
  serial_device: -1,
  serial_baud_rate: -1,
} as const;

/** 3.x key → the 2.x name of the same attribute. */
export const RENAMED_IN_2X = {
  autoinstall: 'kickstart',
  autoinstall_meta: 'ks_meta',
  enable_ipxe: 'enable_gpxe',
} as const;

/** Attributes 2.x systems had and 3.x dropped. */
const ONLY_IN_2X = {
  ldap_enabled: false,
  ldap_type: '',
  monit_enabled: false,
  redhat_management_server: INHERIT,
} as const;

const INTERFACE_DEFAULTS = {
  bonding_opts: '',
  bridge_opts: '',
  cnames: [],
  connected_mode: false,
  dhcp_tag: '',
  dns_name: '',
  if_gateway: '',
  interface_master: '',
  interface_type: 'na',
  ip_address: '',
  ipv6_address: '',
  ipv6_default_gateway: '',
  ipv6_mtu: '',
  ipv6_prefix: '',
  ipv6_secondaries: [],
  ipv6_static_routes: [],
  mac_address: '',
  management: false,
  mtu: '',
  netmask: '',
  static: false,
  static_routes: [],
  virt_bridge: '',
} as const;

/** The attribute names of a system of `generation`, interfaces excluded. */
export function systemAttributeNames(generation: CobblerGeneration): string[] {
  return Object.keys(defaultFields(generation));
}

/** A fresh, unsaved system as `new_item('system')` creates it. */
export function newSystem(generation: CobblerGeneration): SimSystem {
  return { fields: defaultFields(generation), interfaces: new Map() };
}

/** A fresh interface as `modify_interface` creates it for an unknown interface name. */
export function newInterface(): PyDict {
  return structuredClone<PyDict>({ ...INTERFACE_DEFAULTS });
}

/** The struct `get_system` answers: a deep copy, `None` as `"~"`. */
export function systemToStruct(system: SimSystem): PyDict {
  const interfaces = Object.fromEntries(system.interfaces);
  return stripNone(structuredClone({ ...system.fields, interfaces })) as PyDict;
}

function defaultFields(generation: CobblerGeneration): PyDict {
  const fields: PyDict = structuredClone({
    ...ITEM_DEFAULTS,
    uid: randomBytes(16).toString('hex'),
    ...SYSTEM_DEFAULTS,
  });
  if (generation === 3) return fields;
  for (const [name3, name2] of Object.entries(RENAMED_IN_2X)) {
    fields[name2] = fields[name3];
    delete fields[name3];
  }
  return { ...fields, ...structuredClone(ONLY_IN_2X) };
}
