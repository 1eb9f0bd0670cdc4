/**
 * `modify_item('system', handle, attribute, value)`: which attributes exist, how each converts
 * and checks its value, and the 2.x names. As in 3.3.7, an unknown attribute answers `false`
 * (Cobbler's `hasattr` check), while `ks_meta` and `kickstart` answer `true` and store nothing
 * (`System.__getattr__` aliases them for reading only). On 2.x those two are the real names.
 */
import { cx, pyError } from './faults.js';
import {
  INHERIT,
  inputBoolean,
  inputStringOrDict,
  inputStringOrList,
  isPyDict,
} from './python-values.js';
import {
  type CobblerGeneration,
  newInterface,
  RENAMED_IN_2X,
  type SimSystem,
} from './system-record.js';
import * as validate from './validate.js';

/** What a setter may consult: the known profiles and the installed fence agents. */
export interface AttributeContext {
  generation: CobblerGeneration;
  profiles: ReadonlySet<string>;
  powerTypes: readonly string[];
}

type Setter = (value: unknown, context: AttributeContext, attribute: string) => unknown;

/** Marks a setter that accepts the value and stores nothing. */
const IGNORED = Symbol('ignored');
const OBJECT_NAME = /^[a-zA-Z0-9_\-.:]*$/;

const text: Setter = (value, _context, attribute) => {
  if (typeof value === 'string') return value;
  throw pyError('TypeError', `Field ${attribute} of object system needs to be of type str!`);
};
const bool: Setter = (value) => inputBoolean(value);
const dict: Setter = (value) => inputStringOrDict(value);
const list: Setter = (value) => inputStringOrList(value);
const raw: Setter = (value) => value;
const numberOrInherit: Setter = (value, _context, attribute) => {
  if (value === INHERIT) return value;
  const parsed = typeof value === 'string' && value.trim() !== '' ? Number(value) : value;
  if (typeof parsed === 'number' && Number.isFinite(parsed)) return parsed;
  throw pyError('ValueError', `invalid value for ${attribute}: ${String(value)}`);
};

const SETTERS_3X: Record<string, Setter> = {
  name: setName,
  uid: text,
  parent: text,
  depth: raw,
  ctime: raw,
  mtime: raw,
  comment: text,
  kernel_options: dict,
  kernel_options_post: dict,
  autoinstall_meta: dict,
  fetchable_files: dict,
  boot_files: dict,
  template_files: dict,
  owners: list,
  mgmt_classes: list,
  mgmt_parameters: dict,
  is_subobject: bool,
  interfaces: setInterfaces,
  ipv6_autoconfiguration: bool,
  repos_enabled: bool,
  autoinstall: text,
  boot_loaders: list,
  enable_ipxe: bool,
  gateway: validate.ipv4Address,
  hostname: text,
  image: setImage,
  ipv6_default_device: text,
  name_servers: validate.nameServers,
  name_servers_search: validate.nameServersSearch,
  netboot_enabled: bool,
  next_server_v4: text,
  next_server_v6: text,
  filename: text,
  power_address: text,
  power_id: text,
  power_pass: text,
  power_type: setPowerType,
  power_user: text,
  power_options: text,
  power_identity_file: text,
  profile: setProfile,
  proxy: text,
  redhat_management_key: text,
  server: text,
  status: text,
  virt_auto_boot: bool,
  virt_cpus: numberOrInherit,
  virt_disk_driver: text,
  virt_file_size: numberOrInherit,
  virt_path: text,
  virt_pxe_boot: bool,
  virt_ram: numberOrInherit,
  virt_type: text,
  serial_device: numberOrInherit,
  serial_baud_rate: numberOrInherit,
  ks_meta: () => IGNORED,
  kickstart: () => IGNORED,
};

const SETTERS_2X: Record<string, Setter> = {
  ...SETTERS_3X,
  ks_meta: dict,
  kickstart: text,
  enable_gpxe: bool,
  ldap_enabled: bool,
  ldap_type: text,
  monit_enabled: bool,
  redhat_management_server: text,
};
for (const name3 of Object.keys(RENAMED_IN_2X)) delete SETTERS_2X[name3];

/**
 * Sets `attribute` of `system` as `modify_item` does. Returns false when a system has no such
 * attribute; throws a fault when the value is refused.
 */
export function setSystemAttribute(
  system: SimSystem,
  attribute: string,
  value: unknown,
  context: AttributeContext,
): boolean {
  const setters = context.generation === 3 ? SETTERS_3X : SETTERS_2X;
  const setter = Object.hasOwn(setters, attribute) ? setters[attribute] : undefined;
  if (setter === undefined) return false;
  const stored = setter(value, context, attribute);
  if (stored === IGNORED) return true;
  if (stored instanceof Map) {
    for (const [name, fields] of stored) system.interfaces.set(name, fields);
  } else {
    system.fields[attribute] = stored;
  }
  if (attribute === 'profile') {
    // Profiles and images exclude each other; a system sits one level below its profile.
    if (stored !== '') system.fields.image = '';
    system.fields.depth = stored === '' ? 0 : 2;
  }
  return true;
}

function setName(value: unknown): string {
  if (typeof value !== 'string') throw pyError('TypeError', 'name must of be type str');
  if (!OBJECT_NAME.test(value)) {
    throw pyError('ValueError', `Invalid characters in name: '${value}'`);
  }
  return value;
}

function setProfile(value: unknown, context: AttributeContext): string {
  if (typeof value !== 'string') {
    throw pyError('TypeError', 'The name of a profile needs to be of type str.');
  }
  if (['delete', 'None', '~', ''].includes(value)) return '';
  if (!context.profiles.has(value)) {
    throw pyError('ValueError', `Profile with the name "${value}" is not existing`);
  }
  return value;
}

function setImage(value: unknown): string {
  if (typeof value !== 'string') {
    throw pyError('TypeError', 'The name of an image must be of type str.');
  }
  if (['delete', 'None', '~', ''].includes(value)) return '';
  throw pyError('ValueError', `Image with the name "${value}" is not existing`);
}

function setPowerType(value: unknown, context: AttributeContext): string {
  if (typeof value !== 'string') throw pyError('TypeError', 'power_type must be of type str');
  if (value === '') return value;
  if (context.powerTypes.length === 0) throw cx('you need to have fence-agents installed');
  if (!context.powerTypes.includes(value)) {
    throw cx(`power management type must be one of: ${context.powerTypes.join(',')}`);
  }
  return value;
}

function setInterfaces(value: unknown): Map<string, Record<string, unknown>> {
  if (!isPyDict(value)) throw pyError('TypeError', 'interfaces must be of type dict');
  const interfaces = new Map<string, Record<string, unknown>>();
  for (const [name, fields] of Object.entries(value)) {
    if (!isPyDict(fields)) {
      throw pyError(
        'ValueError',
        'The values of the interfaces must be fully of type dict (one level with values) or NetworkInterface objects',
      );
    }
    interfaces.set(name, { ...newInterface(), ...fields });
  }
  return interfaces;
}
