import { type Cidr, cidrBounds, formatIpv4, parseCidr, parseIpv4 } from '../net/ip.js';

/** An address range as the API carries it: first and last address, both included. */
export type IpRange = [string, string];

/** A range as numbers, for comparisons. */
export interface NumericRange {
  first: bigint;
  last: bigint;
}

/** An IPv4 CIDR, or undefined (IPv6 networks are not served by this release). */
export function parseIpv4Cidr(text: string, strict = false): Cidr | undefined {
  const cidr = parseCidr(text, strict);
  return cidr?.version === 4 ? cidr : undefined;
}

/** "a.b.c.d/n" with the network address, as Nailgun stores a CIDR. */
export function formatCidr(cidr: Cidr): string {
  return `${formatIpv4(cidr.network)}/${cidr.prefix}`;
}

/**
 * The addresses of a CIDR nodes may take, as Nailgun computes them: the network address, the
 * broadcast address and, when the network uses one, the gateway (first host) are left out.
 */
export function hostRange(cidr: Cidr, skipGateway: boolean): IpRange {
  const { first, last } = cidrBounds(cidr);
  return [formatIpv4(first + (skipGateway ? 2n : 1n)), formatIpv4(last - 1n)];
}

/** The first host address of a CIDR, Nailgun's default gateway. */
export function firstHost(cidr: Cidr): string {
  return formatIpv4(cidrBounds(cidr).first + 1n);
}

/** A pair of IPv4 addresses as numbers, or undefined when either is not an address. */
export function parseRange(range: readonly unknown[]): NumericRange | undefined {
  const [a, b] = range;
  if (typeof a !== 'string' || typeof b !== 'string') return undefined;
  const first = parseIpv4(a);
  const last = parseIpv4(b);
  return first === undefined || last === undefined ? undefined : { first, last };
}

/** True when the two ranges share at least one address. */
export function rangesOverlap(a: NumericRange, b: NumericRange): boolean {
  return a.first <= b.last && b.first <= a.last;
}

/** True when `address` lies in the range, ends included. */
export function rangeContains(range: NumericRange, address: bigint): boolean {
  return range.first <= address && address <= range.last;
}

/** True when the whole range lies in the CIDR. */
export function cidrHoldsRange(cidr: Cidr, range: NumericRange): boolean {
  const bounds = cidrBounds(cidr);
  return bounds.first <= range.first && range.last <= bounds.last;
}

/** "a.b.c.d-e.f.g.h", as netaddr prints a range in Nailgun's messages. */
export function formatRange(range: readonly unknown[]): string {
  return `${String(range[0])}-${String(range[1])}`;
}

/** The address after `address`, or null when it is not an IPv4 address. */
export function nextAddress(address: string): string | null {
  const value = parseIpv4(address);
  return value === undefined ? null : formatIpv4(value + 1n);
}
