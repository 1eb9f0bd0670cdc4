import { InvalidData } from '../errors.js';
import { ADMIN_NETWORK_NAME } from './admin-network.js';
import { hostRange, type IpRange, parseIpv4Cidr } from './ipv4.js';
import type { JsonObject } from './model.js';
import type { NetworkGroupRow } from './network-groups.js';
import type { NetworkInput } from './network-input.js';

/**
 * Applies the networks of a PUT to the stored ones and returns the environment's networks as
 * they would become (the admin network is only compared: it cannot change here). The checks
 * are Nailgun's `validate_network_group` rules; the address checks come later.
 */
export function mergeNetworks(
  stored: NetworkGroupRow[],
  admin: NetworkGroupRow | undefined,
  inputs: NetworkInput[],
): NetworkGroupRow[] {
  const missing = inputs
    .map((input) => input.id)
    .filter((id) => id !== admin?.id && !stored.some((network) => network.id === id));
  if (missing.length > 0) {
    const ids = [...new Set(missing)].sort((a, b) => a - b).join(', ');
    throw new InvalidData(`Networks with ID's [${ids}] are not present in the database`);
  }
  for (const input of inputs) {
    if (admin && input.id === admin.id) checkAdminUnchanged(admin, input);
  }
  return stored.map((network) =>
    inputs.reduce(
      (current, input) => (input.id === network.id ? mergeNetwork(current, input) : current),
      network,
    ),
  );
}

function checkAdminUnchanged(admin: NetworkGroupRow, input: NetworkInput): void {
  const changed =
    (input.cidr !== undefined && input.cidr !== admin.cidr) ||
    (input.gateway !== undefined && (input.gateway || null) !== admin.gateway) ||
    (input.vlan_start !== undefined && input.vlan_start !== admin.vlan_start) ||
    (input.ip_ranges !== undefined && !sameRanges(input.ip_ranges, admin.ip_ranges));
  if (changed) {
    throw new InvalidData(
      `Network '${ADMIN_NETWORK_NAME}' (Network IDs: '${admin.id}') is shared by all ` +
        'environments and cannot be changed in the network configuration of one',
    );
  }
}

function mergeNetwork(network: NetworkGroupRow, input: NetworkInput): NetworkGroupRow {
  const label = `'${network.name}' (Network IDs: '${network.id}')`;
  const notation = input.meta?.notation !== undefined ? input.meta.notation : network.meta.notation;
  const useGateway = input.meta?.use_gateway ?? network.meta.use_gateway === true;
  const cidr = input.cidr !== undefined ? input.cidr : network.cidr;
  const gateway = mergedGateway(network, input, useGateway, label);
  if ((notation === 'cidr' || notation === 'ip_ranges') && !cidr) {
    throw new InvalidData(`No CIDR was specified for network ${network.id}`);
  }
  const rangesChanged =
    input.ip_ranges !== undefined && !sameRanges(input.ip_ranges, network.ip_ranges);
  if (
    rangesChanged &&
    notation === 'cidr' &&
    cidr === network.cidr &&
    network.meta.notation !== 'ip_ranges'
  ) {
    throw new InvalidData(
      `ip_ranges for network ${label} cannot be changed with 'cidr' notation, ` +
        "change notation to 'ip_ranges'",
    );
  }
  const meta: JsonObject = { ...network.meta, notation: notation ?? null, use_gateway: useGateway };
  return {
    ...network,
    cidr: cidr ?? null,
    gateway,
    vlan_start: input.vlan_start !== undefined ? input.vlan_start : network.vlan_start,
    ip_ranges: mergedRanges(network, input, notation, cidr, useGateway),
    meta,
  };
}

function mergedGateway(
  network: NetworkGroupRow,
  input: NetworkInput,
  useGateway: boolean,
  label: string,
): string | null {
  const given = input.gateway === undefined ? undefined : input.gateway || null;
  if (useGateway) {
    const gateway = given ?? network.gateway;
    if (!gateway) throw new InvalidData("Flag 'use_gateway' cannot be provided without gateway");
    return gateway;
  }
  if (given !== undefined && given !== network.gateway) {
    throw new InvalidData(
      `Gateway for network ${label} cannot be changed while 'use_gateway' is False`,
    );
  }
  return network.gateway;
}

function mergedRanges(
  network: NetworkGroupRow,
  input: NetworkInput,
  notation: unknown,
  cidr: string | null | undefined,
  useGateway: boolean,
): IpRange[] {
  if (notation === 'cidr') {
    // Nailgun derives the range of a 'cidr' network from its CIDR on every update.
    const parsed = cidr ? parseIpv4Cidr(cidr) : undefined;
    return parsed ? [hostRange(parsed, useGateway)] : network.ip_ranges;
  }
  const ranges = input.ip_ranges ?? network.ip_ranges;
  if (notation === 'ip_ranges' && ranges.length === 0) {
    throw new InvalidData(`No IP ranges were specified for network ${network.id}`);
  }
  return ranges;
}

function sameRanges(a: IpRange[], b: IpRange[]): boolean {
  const key = (ranges: IpRange[]) => JSON.stringify(ranges.map((r) => r.join('-')).sort());
  return key(a) === key(b);
}
