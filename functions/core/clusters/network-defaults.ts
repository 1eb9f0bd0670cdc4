import { InvalidData } from '../errors.js';
import type { ReleaseRow } from '../releases/repository.js';
import { ADMIN_NETWORK_NAME } from './admin-network.js';
import {
  firstHost,
  formatCidr,
  hostRange,
  type IpRange,
  parseIpv4Cidr,
  parseRange,
} from './ipv4.js';
import {
  isJsonObject,
  type JsonObject,
  type L23Provider,
  type NetProvider,
  type SegmentationType,
} from './model.js';
import type { NetworkGroupValues } from './network-groups.js';

/** The neutron settings Nailgun keeps per environment (NeutronConfig), besides the two below. */
const NEUTRON_PARAMETER_KEYS = [
  'base_mac',
  'dns_nameservers',
  'floating_name',
  'floating_ranges',
  'gre_id_range',
  'internal_cidr',
  'internal_gateway',
  'internal_name',
  'vlan_range',
] as const;

function providerMetadata(release: ReleaseRow, provider: NetProvider) {
  const all: unknown = release.networks_metadata;
  const section = isJsonObject(all) ? all[provider] : undefined;
  const networks = isJsonObject(section) && Array.isArray(section.networks) ? section.networks : [];
  const config = isJsonObject(section) && isJsonObject(section.config) ? section.config : {};
  return { networks: networks.filter(isJsonObject), config };
}

/**
 * The networks a new environment gets from its release's metadata: every network but the
 * shared admin one, skipping those meant for another segmentation type (`seg_type`).
 */
export function defaultNetworkGroups(
  release: ReleaseRow,
  provider: NetProvider,
  segmentation: SegmentationType | null,
): NetworkGroupValues[] {
  return providerMetadata(release, provider)
    .networks.filter((meta) => typeof meta.name === 'string' && meta.name !== ADMIN_NETWORK_NAME)
    .filter((meta) => meta.seg_type === undefined || meta.seg_type === segmentation)
    .map(networkFromMeta);
}

function networkFromMeta(meta: JsonObject): NetworkGroupValues {
  const name = String(meta.name);
  const vlanStart = Number.isInteger(meta.vlan_start) ? (meta.vlan_start as number) : null;
  const notation = meta.notation;
  if (notation !== 'cidr' && notation !== 'ip_ranges') {
    return { name, cidr: null, gateway: null, vlan_start: vlanStart, ip_ranges: [], meta };
  }
  const cidr = typeof meta.cidr === 'string' ? parseIpv4Cidr(meta.cidr) : undefined;
  if (!cidr) throw new InvalidData(`Network '${name}' of the release has no valid CIDR`);
  const useGateway = meta.use_gateway === true;
  const metaGateway = typeof meta.gateway === 'string' && meta.gateway ? meta.gateway : undefined;
  const gateway = useGateway ? (notation === 'ip_ranges' && metaGateway) || firstHost(cidr) : null;
  return {
    name,
    cidr: formatCidr(cidr),
    gateway,
    vlan_start: vlanStart,
    ip_ranges: notation === 'cidr' ? [hostRange(cidr, useGateway)] : [metaRange(name, meta)],
    meta,
  };
}

function metaRange(name: string, meta: JsonObject): IpRange {
  const range = meta.ip_range;
  if (!Array.isArray(range) || !parseRange(range)) {
    throw new InvalidData(`Network '${name}' of the release has no valid ip_range`);
  }
  return [String(range[0]), String(range[1])];
}

/** An environment's networking parameters, from the release's `config` of its provider. */
export function defaultNetworkingParameters(
  release: ReleaseRow,
  provider: NetProvider,
  segmentation: SegmentationType | null,
  l23Provider: L23Provider,
): JsonObject {
  const { config } = providerMetadata(release, provider);
  if (provider === 'nova_network') return config;
  const parameters: JsonObject = { configuration_template: null };
  for (const key of NEUTRON_PARAMETER_KEYS) parameters[key] = config[key] ?? null;
  return { ...parameters, segmentation_type: segmentation, net_l23_provider: l23Provider };
}
