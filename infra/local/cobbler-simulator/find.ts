/**
 * `find_items` / `find_system` criteria matching as 3.3.7 does it: case-insensitive shell globs
 * on string fields, interface fields matched on any interface, a leading `~` negates, and the
 * indexed fields (`uid`, `mac_address`, `ip_address`, `ipv6_address`, `dns_name`) compared
 * exactly when the value holds no glob characters.
 */
import { pyError } from './faults.js';
import {
  INHERIT,
  inputBoolean,
  inputStringOrDict,
  isPyDict,
  type PyDict,
  pyTypeName,
  split,
} from './python-values.js';
import { type SimSystem, systemToStruct } from './system-record.js';

const INTERFACE_KEYS = new Set([
  'cnames',
  'connected_mode',
  'if_gateway',
  'ipv6_default_gateway',
  'ipv6_mtu',
  'ipv6_prefix',
  'ipv6_secondaries',
  'ipv6_static_routes',
  'management',
  'mtu',
  'static',
  'mac_address',
  'ip_address',
  'ipv6_address',
  'netmask',
  'virt_bridge',
  'dhcp_tag',
  'dns_name',
  'static_routes',
  'interface_type',
  'interface_master',
  'bonding_opts',
  'bridge_opts',
  'interface',
]);
const INDEXED_KEYS = new Set(['uid', 'mac_address', 'ip_address', 'ipv6_address', 'dns_name']);
const REKEY: Readonly<Record<string, string>> = {
  kopts: 'kernel_options',
  kopts_post: 'kernel_options_post',
  inherit: 'parent',
  ip: 'ip_address',
  mac: 'mac_address',
};

/** The saved systems matching `criteria`, in name order. */
export function findSystems(
  systems: ReadonlyMap<string, SimSystem>,
  criteria: PyDict,
): Array<[string, SimSystem]> {
  const rules = Object.entries(criteria).map(([key, value]) => [REKEY[key] ?? key, value] as const);
  if (rules.length === 0) throw pyError('ValueError', 'calling find with no arguments');
  for (const [, value] of rules) {
    if (typeof value !== 'string') {
      const type = pyTypeName(value).replace(/^<class '(.*)'>$/, '$1');
      throw pyError('AttributeError', `'${type}' object has no attribute 'startswith'`);
    }
  }
  return [...systems.entries()]
    .filter(([, system]) => rules.every(([key, value]) => matchRule(system, key, value as string)))
    .sort(([a], [b]) => a.localeCompare(b));
}

function matchRule(system: SimSystem, key: string, value: string): boolean {
  if (INDEXED_KEYS.has(key) && !/[?*[]/.test(value) && !value.startsWith('~')) {
    return indexedValues(system, key).includes(value);
  }
  const negated = value.startsWith('~');
  const matched = matchKey(systemToStruct(system), key, negated ? value.slice(1) : value);
  return negated ? !matched : matched;
}

function indexedValues(system: SimSystem, key: string): unknown[] {
  if (key === 'uid') return [system.fields.uid];
  return [...system.interfaces.values()].map((entry) => entry[key]);
}

function matchKey(data: PyDict, key: string, value: string): boolean {
  if (INTERFACE_KEYS.has(key) && isPyDict(data.interfaces)) {
    for (const [name, entry] of Object.entries(data.interfaces)) {
      if (value === name) return true;
      if (isPyDict(entry) && key in entry && compare(entry[key], value)) return true;
    }
  }
  return key in data && compare(value, data[key]);
}

function compare(search: unknown, stored: unknown): boolean {
  if (typeof stored === 'string') {
    return glob(String(search).toLowerCase()).test(stored.toLowerCase());
  }
  if (typeof search !== 'string') {
    throw pyError('TypeError', `find cannot compare type: ${pyTypeName(stored)}`);
  }
  if (Array.isArray(stored)) return split(search).every((word) => stored.includes(word));
  if (typeof stored === 'boolean') return inputBoolean(search) === stored;
  if (isPyDict(stored)) {
    const wanted = inputStringOrDict(search);
    if (wanted === INHERIT) return false;
    return Object.entries(wanted).every(([k, v]) => Object.hasOwn(stored, k) && stored[k] === v);
  }
  throw pyError('TypeError', `find cannot compare type: ${pyTypeName(stored)}`);
}

function glob(pattern: string): RegExp {
  let source = '';
  for (let i = 0; i < pattern.length; i += 1) {
    const ch = pattern.charAt(i);
    const close = pattern.indexOf(']', i + 2);
    if (ch === '*') source += '.*';
    else if (ch === '?') source += '.';
    else if (ch === '[' && close > 0) {
      const body = pattern.slice(i + 1, close);
      source += `[${body.startsWith('!') ? `^${body.slice(1)}` : body}]`;
      i = close;
    } else source += ch.replace(/[\\^$.*+?()[\]{}|/-]/g, '\\$&');
  }
  return new RegExp(`^${source}$`, 's');
}
