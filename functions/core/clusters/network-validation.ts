import { InvalidData } from '../errors.js';
import { type Cidr, cidrBounds, cidrContains, cidrsOverlap, parseIpv4 } from '../net/ip.js';
import {
  cidrHoldsRange,
  formatCidr,
  formatRange,
  type NumericRange,
  parseIpv4Cidr,
  parseRange,
  rangeContains,
  rangesOverlap,
} from './ipv4.js';
import type { JsonObject } from './model.js';
import type { NetworkGroupRow } from './network-groups.js';
import { checkParameters } from './network-parameter-checks.js';

/** One failed check, in the shape of Nailgun's check_networks result entries. */
export interface NetworkCheckFailure {
  /** The networks concerned (empty for networking parameters). */
  ids: number[];
  /** The fields at fault, e.g. `cidr`, `ip_ranges`, `gateway`, `vlan_start`. */
  errors: string[];
  message: string;
}

/** Records one failed check. */
export type Fail = (ids: number[], errors: string[], message: string) => void;

/** A network whose CIDR parsed, with the IP ranges that passed their own checks. */
export interface ParsedNetwork {
  network: NetworkGroupRow;
  cidr: Cidr;
  ranges: NumericRange[];
}

const NON_UNICAST = parseIpv4Cidr('224.0.0.0/3') as Cidr;
const LOOPBACK = parseIpv4Cidr('127.0.0.0/8') as Cidr;

/**
 * Checks a whole network configuration (the environment's networks, the admin network and
 * the networking parameters) and throws one 400 listing every failure, as Nailgun's
 * synchronous `check_networks` task does: the message has one line per failure.
 */
export function assertValidNetworkConfiguration(
  networks: NetworkGroupRow[],
  parameters: JsonObject,
): void {
  const failures: NetworkCheckFailure[] = [];
  const fail: Fail = (ids, errors, message) => failures.push({ ids, errors, message });
  const parsed = networks.flatMap((network) => checkNetwork(network, fail));
  checkOverlaps(parsed, fail);
  checkParameters(networks, parsed, parameters, fail);
  if (failures.length === 0) return;

  const message = failures
    .map((f) => (f.ids.length > 0 ? `${f.message} (Network IDs: ${f.ids.join(', ')})` : f.message))
    .join('\n');
  throw new InvalidData(message, { errors: failures });
}

function checkNetwork(network: NetworkGroupRow, fail: Fail): ParsedNetwork[] {
  const { id, name, vlan_start: vlan } = network;
  if (vlan !== null && (vlan < 1 || vlan > 4094)) {
    fail([id], ['vlan_start'], `VLAN ID(s) is out of range for ${name} network.`);
  }
  if (network.cidr === null) return [];
  const cidr = parseIpv4Cidr(network.cidr);
  if (!cidr) {
    fail([id], ['cidr'], `Invalid CIDR '${network.cidr}' of network '${name}'.`);
    return [];
  }
  const canonical = formatCidr(cidr);
  if (canonical !== network.cidr) {
    fail(
      [id],
      ['cidr'],
      `Calculated CIDR (${canonical}) is different from value (${network.cidr}) set by user for network:\n${name}.`,
    );
  }
  checkAddressClass(network, cidr, fail);
  const ranges = checkRanges(network, cidr, fail);
  checkGateway(network, cidr, ranges, fail);
  return [{ network, cidr, ranges }];
}

function checkAddressClass({ id, name }: NetworkGroupRow, cidr: Cidr, fail: Fail): void {
  const bounds = cidrBounds(cidr);
  if (cidrHoldsRange(NON_UNICAST, bounds)) {
    fail(
      [id],
      ['cidr', 'ip_ranges'],
      `${name} network address space does not belong to A, B, C network classes. It must belong to either A, B or C network class.`,
    );
  } else if (cidrHoldsRange(LOOPBACK, bounds)) {
    fail(
      [id],
      ['cidr', 'ip_ranges'],
      `${name} network address space is inside loopback range (127.0.0.0/8). It must have no intersection with loopback range.`,
    );
  }
}

function checkRanges(network: NetworkGroupRow, cidr: Cidr, fail: Fail): NumericRange[] {
  const { id, name } = network;
  const bounds = cidrBounds(cidr);
  const valid: NumericRange[] = [];
  for (const pair of network.ip_ranges) {
    const range = parseRange(pair);
    const text = formatRange(pair);
    if (!range) fail([id], ['ip_ranges'], `Invalid IP range [${text}] of network '${name}'.`);
    else if (range.first > range.last) {
      fail([id], ['ip_ranges'], `IP range [${text}] of network '${name}' ends before it starts.`);
    } else if (!cidrHoldsRange(cidr, range)) {
      fail([id], ['ip_ranges'], `IP range [${text}] of network '${name}' is not inside its CIDR.`);
    } else if (rangeContains(range, bounds.first) || rangeContains(range, bounds.last)) {
      fail(
        [id],
        ['ip_ranges'],
        `${name} network IP range [${text}] intersect with either subnet address or broadcast address of the network.`,
      );
    } else valid.push(range);
  }
  if (valid.some((a, i) => valid.slice(i + 1).some((b) => rangesOverlap(a, b)))) {
    fail([id], ['ip_ranges'], `Address space intersection between ranges of ${name} network.`);
  }
  return valid;
}

function checkGateway(
  { id, name, gateway }: NetworkGroupRow,
  cidr: Cidr,
  ranges: NumericRange[],
  fail: Fail,
): void {
  if (!gateway) return;
  const address = parseIpv4(gateway);
  const bounds = cidrBounds(cidr);
  if (address === undefined) {
    fail([id], ['gateway'], `Invalid gateway address '${gateway}' of network '${name}'.`);
  } else if (!cidrContains(cidr, gateway)) {
    fail([id], ['gateway'], `Gateway address does not belong to the network '${name}'.`);
  } else if (address === bounds.first || address === bounds.last) {
    fail(
      [id],
      ['gateway'],
      `${name} network gateway address is equal to either subnet address or broadcast address of the network.`,
    );
  } else if (ranges.some((range) => rangeContains(range, address))) {
    fail(
      [id],
      ['gateway', 'ip_ranges'],
      `Address intersection between ${name} gateway and IP range of ${name} network.`,
    );
  }
}

/** Untagged networks share the wire, as do networks on one VLAN: their CIDRs must not meet. */
function checkOverlaps(parsed: ParsedNetwork[], fail: Fail): void {
  const segment = ({ network }: ParsedNetwork) =>
    network.vlan_start === null && network.meta.neutron_vlan_range !== true
      ? 'untagged'
      : network.vlan_start;
  parsed.forEach((a, i) => {
    for (const b of parsed.slice(i + 1)) {
      if (segment(a) !== segment(b) || !cidrsOverlap(a.cidr, b.cidr)) continue;
      fail(
        [a.network.id, b.network.id],
        ['cidr'],
        `Address space intersection between networks:\n${a.network.name}, ${b.network.name}`,
      );
    }
  });
}
