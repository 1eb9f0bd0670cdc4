/**
 * Cobbler's value checks (`cobbler/validate.py` in 3.3.7) with its error wording, for the
 * attributes the provisioning flow sets: addresses, netmasks, MACs, host names, DNS servers.
 */
import { isIPv4, isIPv6 } from 'node:net';
import { pyError } from './faults.js';
import { INHERIT, pyTypeName, split } from './python-values.js';

const HOSTNAME =
  /^([a-zA-Z0-9]|[a-zA-Z0-9][a-zA-Z0-9-]{0,61}[a-zA-Z0-9])(\.([a-zA-Z0-9]|[a-zA-Z0-9][a-zA-Z0-9-]{0,61}[a-zA-Z0-9]))*$/;
const MAC = /^([0-9a-f]{2}[:-]){5}[0-9a-f]{2}$/;

/** A host IPv4 address, or `""`. */
export function ipv4Address(value: unknown): string {
  const address = requireString(value, 'addr').trim();
  if (address === '') return address;
  if (!isIPv4(address)) {
    throw pyError('ipaddress.AddressValueError', `Invalid IPv4 address format (${address})`);
  }
  if (isNetmask(address)) {
    throw pyError('ipaddress.NetmaskValueError', `Invalid IPv4 host address (${address})`);
  }
  return address;
}

/** An IPv4 netmask such as `255.255.255.0`, or `""`. */
export function ipv4Netmask(value: unknown): string {
  const address = requireString(value, 'addr').trim();
  if (address === '') return address;
  if (!isIPv4(address)) {
    throw pyError('ipaddress.AddressValueError', `Invalid IPv4 address format (${address})`);
  }
  if (!isNetmask(address)) {
    throw pyError('ipaddress.NetmaskValueError', `Invalid IPv4 netmask (${address})`);
  }
  return address;
}

/** A MAC address, lowercased; `""` and `"random"` pass as Cobbler lets them. */
export function macAddress(value: unknown): string {
  const mac = requireString(value, 'mac').toLowerCase().trim();
  if (mac === '' || mac === 'random' || MAC.test(mac)) return mac;
  throw pyError('ValueError', `Invalid mac address format (${mac})`);
}

/** A host name or FQDN, or `""`. */
export function hostname(value: unknown): string {
  const name = requireString(value, 'dnsname').trim();
  if (name === '' || HOSTNAME.test(name)) return name;
  throw pyError('ValueError', `Invalid hostname format (${name})`);
}

/** DNS servers: a space separated string or a list of IP addresses. */
export function nameServers(value: unknown): unknown {
  const list = listOrInherited(value);
  if (!Array.isArray(list)) return list;
  for (const server of list) {
    if (typeof server === 'string' && (isIPv4(server) || isIPv6(server))) continue;
    throw pyError(
      'netaddr.core.AddrFormatError',
      `failed to detect a valid IP address from ${JSON.stringify(server)}`,
    );
  }
  return list;
}

/** DNS search domains: a space separated string or a list of host names. */
export function nameServersSearch(value: unknown): unknown {
  const list = listOrInherited(value);
  if (Array.isArray(list)) for (const domain of list) hostname(domain);
  return list;
}

function listOrInherited(value: unknown): unknown {
  if (Array.isArray(value)) return value;
  if (typeof value !== 'string') {
    throw pyError('TypeError', `Invalid input type ${pyTypeName(value)}, expected str or list`);
  }
  const text = value.trim();
  return text === INHERIT || text === '' ? text : split(text);
}

function requireString(value: unknown, name: string): string {
  if (typeof value === 'string') return value;
  throw pyError('TypeError', `Invalid input, ${name} must be a string`);
}

function isNetmask(address: string): boolean {
  const value = address.split('.').reduce((sum, octet) => sum * 256 + Number(octet), 0);
  const hostPart = 2 ** 32 - value;
  return Number.isInteger(Math.log2(hostPart));
}
