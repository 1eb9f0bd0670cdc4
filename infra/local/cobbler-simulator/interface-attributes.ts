/**
 * `modify_system(handle, 'modify_interface', {"<field>-<ifname>": value, ...})` as 3.3.7 applies
 * it: the field part loses its underscores (`mac_address-eth0` ≡ `macaddress-eth0`), unknown
 * fields are ignored, a new interface name creates the interface, and a MAC, IP address or DNS
 * name already used by another system is refused (Cobbler's default `allow_duplicate_*: false`).
 */
import { keyError, pyError } from './faults.js';
import { inputBoolean, inputStringOrList, isPyDict, type PyDict } from './python-values.js';
import { newInterface, type SimSystem } from './system-record.js';
import * as validate from './validate.js';

/** Finds the saved systems whose interfaces hold `value` in `field`. */
export type InterfaceOwnerLookup = (field: string, value: string) => Array<[string, SimSystem]>;

type InterfaceSetter = (value: unknown, attribute: string) => unknown;

const text: InterfaceSetter = (value, attribute) => {
  if (typeof value === 'string') return value;
  throw pyError(
    'TypeError',
    `Field ${attribute} of object NetworkInterface needs to be of type str!`,
  );
};
const bool: InterfaceSetter = (value, attribute) => {
  try {
    return inputBoolean(value);
  } catch {
    throw pyError('TypeError', `Field ${attribute} of NetworkInterface needs to be of Type bool!`);
  }
};
const list: InterfaceSetter = (value) => inputStringOrList(value);

const INTERFACE_TYPES = [
  'na',
  'bond',
  'bond_slave',
  'bridge',
  'bridge_slave',
  'bonded_bridge_slave',
  'bmc',
  'infiniband',
] as const;

const interfaceType: InterfaceSetter = (value) => {
  if (typeof value === 'number' && INTERFACE_TYPES[value] !== undefined) {
    return INTERFACE_TYPES[value];
  }
  if (typeof value === 'string') {
    const name = value === '' ? 'na' : value.toLowerCase();
    if ((INTERFACE_TYPES as readonly string[]).includes(name)) return name;
  }
  throw pyError('ValueError', `intf_type choices include: ${INTERFACE_TYPES.join(', ')}`);
};

/** Squashed field name → [stored attribute, setter]. */
const FIELDS: Record<string, [string, InterfaceSetter]> = {
  bondingopts: ['bonding_opts', text],
  bridgeopts: ['bridge_opts', text],
  connectedmode: ['connected_mode', bool],
  cnames: ['cnames', list],
  dhcptag: ['dhcp_tag', text],
  dnsname: ['dns_name', validate.hostname],
  ifgateway: ['if_gateway', validate.ipv4Address],
  interfacetype: ['interface_type', interfaceType],
  interfacemaster: ['interface_master', text],
  ipaddress: ['ip_address', validate.ipv4Address],
  ipv6address: ['ipv6_address', text],
  ipv6defaultgateway: ['ipv6_default_gateway', text],
  ipv6mtu: ['ipv6_mtu', text],
  ipv6prefix: ['ipv6_prefix', text],
  ipv6secondaries: ['ipv6_secondaries', list],
  ipv6staticroutes: ['ipv6_static_routes', list],
  macaddress: ['mac_address', validate.macAddress],
  management: ['management', bool],
  mtu: ['mtu', text],
  netmask: ['netmask', validate.ipv4Netmask],
  static: ['static', bool],
  staticroutes: ['static_routes', list],
  virtbridge: ['virt_bridge', text],
};

const UNIQUE = {
  mac_address: 'MAC address',
  ip_address: 'IP address',
  dns_name: 'DNS name',
} as const;

/** Applies one `modify_interface` struct to `system`. */
export function modifyInterfaces(
  system: SimSystem,
  values: PyDict,
  owners: InterfaceOwnerLookup,
): void {
  for (const [key, value] of Object.entries(values)) {
    const dash = key.indexOf('-');
    if (dash < 0) throw pyError('ValueError', 'not enough values to unpack (expected 2, got 1)');
    const interfaceName = key.slice(dash + 1);
    const entry = FIELDS[key.slice(0, dash).replaceAll('_', '')];
    let target = system.interfaces.get(interfaceName);
    if (target === undefined) {
      target = newInterface();
      system.interfaces.set(interfaceName, target);
    }
    if (entry !== undefined) setField(system, target, entry, value, owners);
  }
}

function setField(
  system: SimSystem,
  target: PyDict,
  [attribute, setter]: [string, InterfaceSetter],
  value: unknown,
  owners: InterfaceOwnerLookup,
): void {
  if (attribute in UNIQUE && target[attribute] === value) return;
  const stored = setter(value, attribute);
  if (attribute in UNIQUE && typeof stored === 'string' && stored !== '') {
    const conflict = owners(attribute, stored).find(([, owner]) => owner !== system);
    if (conflict !== undefined) {
      const label = UNIQUE[attribute as keyof typeof UNIQUE];
      throw pyError(
        'ValueError',
        `${label} duplicate found "${stored}". Object with the conflict has the name "${conflict[0]}"`,
      );
    }
  }
  target[attribute] = stored;
}

/** `modify_system(handle, 'delete_interface', name | {interface})`. */
export function deleteInterface(system: SimSystem, value: unknown): void {
  if (typeof value === 'string') {
    system.interfaces.delete(value);
    return;
  }
  if (!isPyDict(value)) {
    throw pyError('TypeError', 'The name of the interface must be of type str or dict');
  }
  const name = String(value.interface ?? '');
  if (!system.interfaces.delete(name)) throw keyError(name);
}

/** `modify_system(handle, 'rename_interface', {interface, rename_interface})`. */
export function renameInterface(system: SimSystem, value: unknown): void {
  const options = isPyDict(value) ? value : {};
  const from = options.interface ?? '';
  const to = options.rename_interface ?? '';
  if (typeof from !== 'string') {
    throw pyError('TypeError', 'The old_name of the interface must be of type str');
  }
  if (typeof to !== 'string') {
    throw pyError('TypeError', 'The new_name of the interface must be of type str');
  }
  const entry = system.interfaces.get(from);
  if (entry === undefined) throw pyError('ValueError', `Interface "${from}" does not exist`);
  if (system.interfaces.has(to)) throw pyError('ValueError', `Interface "${to}" already exists`);
  system.interfaces.delete(from);
  system.interfaces.set(to, entry);
}
