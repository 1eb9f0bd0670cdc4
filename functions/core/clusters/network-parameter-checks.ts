import { type Cidr, cidrBounds, cidrContains, parseIp, parseIpv4 } from '../net/ip.js';
import {
  cidrHoldsRange,
  formatRange,
  type NumericRange,
  parseIpv4Cidr,
  parseRange,
  rangeContains,
  rangesOverlap,
} from './ipv4.js';
import type { JsonObject } from './model.js';
import type { NetworkGroupRow } from './network-groups.js';
import type { Fail, ParsedNetwork } from './network-validation.js';

/** Checks the networking parameters, alone and against the networks (neutron). */
export function checkParameters(
  networks: NetworkGroupRow[],
  parsed: ParsedNetwork[],
  parameters: JsonObject,
  fail: Fail,
): void {
  const floating = checkFloatingRanges(parameters.floating_ranges, fail);
  const publicNetwork = parsed.find(({ network }) => network.name === 'public');
  if (publicNetwork) checkFloatingInPublic(floating, publicNetwork, fail);
  if (parameters.segmentation_type === 'vlan') {
    checkVlanRange(networks, parameters.vlan_range, fail);
  } else if (parameters.gre_id_range !== undefined && parameters.gre_id_range !== null) {
    checkIdRange(parameters.gre_id_range, 65535, 'gre_id_range', fail);
  }
  const internal = checkInternal(parameters, fail);
  if (internal) checkFloatingOutsideInternal(floating, internal, fail);
  checkNameservers(parameters.dns_nameservers, fail);
}

interface FloatingRange {
  text: string;
  range: NumericRange;
}

function checkFloatingRanges(value: unknown, fail: Fail): FloatingRange[] {
  const valid: FloatingRange[] = [];
  for (const pair of Array.isArray(value) ? value : []) {
    const range = Array.isArray(pair) ? parseRange(pair) : undefined;
    const text = Array.isArray(pair) ? formatRange(pair) : String(pair);
    if (!range) fail([], ['floating_ranges'], `Invalid floating IP range [${text}].`);
    else if (range.first > range.last) {
      fail([], ['floating_ranges'], `Floating IP range [${text}] ends before it starts.`);
    } else valid.push({ text, range });
  }
  if (valid.some((a, i) => valid.slice(i + 1).some((b) => rangesOverlap(a.range, b.range)))) {
    fail([], ['floating_ranges'], 'Address space intersection between floating ranges.');
  }
  return valid;
}

function checkFloatingInPublic(floating: FloatingRange[], pub: ParsedNetwork, fail: Fail): void {
  const { id, gateway } = pub.network;
  const outside = floating.filter(({ range }) => !cidrHoldsRange(pub.cidr, range));
  if (outside.length > 0) {
    const list = floating.map(({ text }) => text).join(', ');
    fail(
      [],
      ['cidr', 'ip_ranges'],
      `Floating address ranges ${list} are not in the same public CIDR.`,
    );
  }
  const bounds = cidrBounds(pub.cidr);
  const gatewayAddress = gateway ? parseIpv4(gateway) : undefined;
  for (const { text, range } of floating.filter((f) => !outside.includes(f))) {
    if (pub.ranges.some((publicRange) => rangesOverlap(publicRange, range))) {
      fail(
        [id],
        ['ip_ranges'],
        'Address space intersection between ranges of public and floating network.',
      );
    }
    if (gatewayAddress !== undefined && rangeContains(range, gatewayAddress)) {
      fail(
        [id],
        ['gateway', 'ip_ranges'],
        'Address intersection between public gateway and IP range of floating network.',
      );
    }
    if (rangeContains(range, bounds.first) || rangeContains(range, bounds.last)) {
      fail(
        [],
        ['floating_ranges'],
        `Neutron L3 external floating range [${text}] intersect with either subnet address or broadcast address of public network.`,
      );
    }
  }
}

function checkVlanRange(networks: NetworkGroupRow[], value: unknown, fail: Fail): void {
  const range = checkIdRange(value, 4094, 'vlan_range', fail);
  if (!range) return;
  const tagged = networks.filter(
    ({ vlan_start: vlan }) => vlan !== null && vlan >= range[0] && vlan <= range[1],
  );
  if (tagged.length === 0) return;
  fail(
    tagged.map((network) => network.id),
    ['vlan_start'],
    `VLAN tags of ${tagged.map((network) => network.name).join(', ')} network(s) intersect with VLAN ID range defined for Neutron L2. Networks VLAN tags must not intersect with Neutron L2 VLAN ID range.`,
  );
}

/** A `[first, last]` pair of ids within 1..max; reports and answers undefined otherwise. */
function checkIdRange(
  value: unknown,
  max: number,
  field: string,
  fail: Fail,
): [number, number] | undefined {
  const [first, last] = Array.isArray(value) ? value : [];
  const valid =
    Array.isArray(value) &&
    value.length === 2 &&
    Number.isInteger(first) &&
    Number.isInteger(last) &&
    first >= 1 &&
    first <= last &&
    last <= max;
  if (valid) return [first, last];
  fail(
    [],
    [field],
    `${field} ${JSON.stringify(value)} is invalid: it must be [first, last] within 1-${max}, first <= last.`,
  );
  return undefined;
}

function checkInternal(parameters: JsonObject, fail: Fail): Cidr | undefined {
  const { internal_cidr: text, internal_gateway: gateway } = parameters;
  if (text === null || text === undefined) return undefined;
  const cidr = typeof text === 'string' ? parseIpv4Cidr(text, true) : undefined;
  if (!cidr) {
    fail([], ['internal_cidr'], `Invalid internal CIDR '${String(text)}'.`);
    return undefined;
  }
  if (gateway === null || gateway === undefined) return cidr;
  const address = typeof gateway === 'string' ? parseIpv4(gateway) : undefined;
  const bounds = cidrBounds(cidr);
  if (address === undefined || !cidrContains(cidr, String(gateway))) {
    fail(
      [],
      ['internal_gateway'],
      `Internal gateway ${String(gateway)} is not in internal address space ${text}.`,
    );
  } else if (address === bounds.first || address === bounds.last) {
    fail(
      [],
      ['internal_gateway'],
      'Neutron L3 internal network gateway address is equal to either subnet address or broadcast address of the network.',
    );
  }
  return cidr;
}

function checkFloatingOutsideInternal(floating: FloatingRange[], internal: Cidr, fail: Fail): void {
  const bounds = cidrBounds(internal);
  for (const { text, range } of floating) {
    if (!rangesOverlap(range, bounds)) continue;
    fail(
      [],
      ['internal_cidr', 'floating_ranges'],
      `Intersection between internal CIDR and floating range ${text}.`,
    );
  }
}

function checkNameservers(value: unknown, fail: Fail): void {
  if (!Array.isArray(value)) return;
  const invalid = value.filter((entry) => typeof entry !== 'string' || !parseIp(entry));
  if (invalid.length > 0) {
    fail(
      [],
      ['dns_nameservers'],
      `Invalid IP address(es) in DNS nameservers: ${invalid.map(String).join(', ')}.`,
    );
  }
  if (new Set(value).size < value.length) {
    fail([], ['dns_nameservers'], 'DNS servers IPs have to be distinct.');
  }
}
