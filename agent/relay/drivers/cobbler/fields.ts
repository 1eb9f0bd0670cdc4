/**
 * "Cobblerizing" a provisioning node dict, as Astute did: keep the system fields Cobbler
 * knows, apply Astute's aliases, flatten `ks_meta` and `kernel_options`, append
 * `interfaces_extra` to ks_meta, and turn `interfaces` into one `modify_interface` struct
 * (`{"mac_address-eth0": ..., "ip_address-eth0": ...}`). Cobbler 3 renamed a few fields; the
 * generation picks the names.
 */
import { isDeepStrictEqual } from 'node:util';
import { CobblerInvalidSystem } from './errors.js';
import { flattenOptions, optionValue } from './flatten.js';
import type { ProvisioningSystem } from './types.js';

/** Cobbler's major line: 2 (what Fuel targeted) or 3 (`version()` ≥ 3, e.g. 3.307). */
export type CobblerGeneration = 2 | 3;

/** System fields Astute sent (Cobbler 2.x names). */
// biome-ignore format: a packed word list reads better than one field per line
export const SYSTEM_FIELDS = [
  'owners', 'profile', 'image', 'status', 'kernel_options', 'kernel_options_post', 'ks_meta',
  'enable_gpxe', 'proxy', 'netboot_enabled', 'kickstart', 'comment', 'server', 'virt_path',
  'virt_type', 'virt_cpus', 'virt_file_size', 'virt_disk_driver', 'virt_ram', 'virt_auto_boot',
  'power_type', 'power_address', 'power_user', 'power_pass', 'power_id', 'hostname', 'gateway',
  'name_servers', 'name_servers_search', 'ipv6_default_device', 'ipv6_autoconfiguration',
  'mgmt_classes', 'mgmt_parameters', 'boot_files', 'fetchable_files', 'template_files',
  'redhat_management_key', 'redhat_management_server', 'repos_enabled', 'ldap_enabled',
  'ldap_type', 'monit_enabled',
] as const;

/** Interface fields Astute sent. */
// biome-ignore format: a packed word list reads better than one field per line
export const INTERFACE_FIELDS = [
  'mac_address', 'mtu', 'ip_address', 'interface_type', 'interface_master', 'bonding_opts',
  'bridge_opts', 'management', 'static', 'netmask', 'dhcp_tag', 'dns_name', 'static_routes',
  'virt_bridge', 'ipv6_address', 'ipv6_secondaries', 'ipv6_mtu', 'ipv6_static_routes',
  'ipv6_default_gateway',
] as const;

const ALIASES: Readonly<Record<string, string>> = {
  ksmeta: 'ks_meta',
  mac: 'mac_address',
  ip: 'ip_address',
};

/** 2.x field name → the name Cobbler 3 uses for it. */
export const FIELD_NAMES_3X: Readonly<Record<string, string>> = {
  ks_meta: 'autoinstall_meta',
  kickstart: 'autoinstall',
  enable_gpxe: 'enable_ipxe',
};

const SYSTEM_FIELD_SET: ReadonlySet<string> = new Set(SYSTEM_FIELDS);
const INTERFACE_FIELD_SET: ReadonlySet<string> = new Set(INTERFACE_FIELDS);
const OPTION_FIELDS: ReadonlySet<string> = new Set(['ks_meta', 'kernel_options']);

/** A node dict ready for Cobbler's write calls. */
export interface CobblerizedSystem {
  name: string;
  /** `modify_item` calls after `name`, in order, with the generation's field names. */
  fields: Array<[field: string, value: unknown]>;
  /** The `modify_interface` struct; empty when the dict has no interfaces. */
  interfaces: Record<string, unknown>;
  /** Keys of the dict Cobbler has no field for (left out). */
  ignored: string[];
}

/** The field name after Astute's aliases: `foo-bar` → `foo_bar`, `ksmeta` → `ks_meta`. */
export function aliased(key: string): string {
  const field = key.replaceAll('-', '_');
  return ALIASES[field] ?? field;
}

/** The name of a (2.x-named) system field on a Cobbler of `generation`. */
export function fieldName(field: string, generation: CobblerGeneration): string {
  return generation === 3 ? (FIELD_NAMES_3X[field] ?? field) : field;
}

/** Turns a provisioning node dict into Cobbler's write calls. */
export function cobblerize(
  system: ProvisioningSystem,
  generation: CobblerGeneration,
): CobblerizedSystem {
  const fields = new Map<string, unknown>();
  const ignored: string[] = [];
  let interfaces: Record<string, unknown> = {};
  let extra = '';
  for (const [key, value] of Object.entries(system)) {
    const field = aliased(key);
    if (field === 'name' || value === undefined) continue;
    if (field === 'interfaces') interfaces = cobblerizeInterfaces(value, ignored);
    else if (field === 'interfaces_extra') extra = interfacesExtra(value);
    else if (!SYSTEM_FIELD_SET.has(field)) ignored.push(key);
    else store(fields, field, OPTION_FIELDS.has(field) ? flattenOptions(field, value) : value);
  }
  if (extra !== '') fields.set('ks_meta', `${String(fields.get('ks_meta') ?? '')} ${extra}`.trim());
  for (const field of OPTION_FIELDS) if (fields.get(field) === '') fields.delete(field);
  const named = [...fields].map(([field, value]): [string, unknown] => [
    fieldName(field, generation),
    value,
  ]);
  return { name: system.name, fields: named, interfaces, ignored };
}

function store(fields: Map<string, unknown>, field: string, value: unknown): void {
  if (fields.has(field) && !isDeepStrictEqual(fields.get(field), value)) {
    throw new CobblerInvalidSystem(`Wrong cobbler data: ${field} is duplicated`);
  }
  fields.set(field, value);
}

function cobblerizeInterfaces(value: unknown, ignored: string[]): Record<string, unknown> {
  const result: Record<string, unknown> = {};
  for (const [ifname, settings] of Object.entries(asRecord('interfaces', value))) {
    for (const [key, setting] of Object.entries(asRecord(`interfaces.${ifname}`, settings))) {
      const field = aliased(key);
      if (!INTERFACE_FIELD_SET.has(field) || setting === undefined) {
        ignored.push(`interfaces.${ifname}.${key}`);
        continue;
      }
      const slot = `${field}-${ifname}`;
      if (slot in result) {
        throw new CobblerInvalidSystem(`Wrong interface cobbler data: ${field} is duplicated`);
      }
      result[slot] = setting;
    }
  }
  return result;
}

function interfacesExtra(value: unknown): string {
  const words: string[] = [];
  for (const [ifname, extra] of Object.entries(asRecord('interfaces_extra', value))) {
    for (const [key, setting] of Object.entries(asRecord(`interfaces_extra.${ifname}`, extra))) {
      words.push(`interface_extra_${ifname}_${key}=${optionValue(setting)}`);
    }
  }
  return words.join(' ');
}

function asRecord(path: string, value: unknown): Record<string, unknown> {
  if (typeof value === 'object' && value !== null && !Array.isArray(value)) {
    return value as Record<string, unknown>;
  }
  throw new CobblerInvalidSystem(`${path} must be a struct`);
}
