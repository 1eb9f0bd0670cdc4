/**
 * The environment (Nailgun's "cluster") as stored, with the vocabularies its columns use.
 * Status words and enum values are Nailgun's: they are part of the wire contract.
 */

/** Nailgun's cluster statuses (§8.2). */
export const CLUSTER_STATUSES = [
  'new',
  'deployment',
  'stopped',
  'operational',
  'error',
  'remove',
  'partially_deployed',
] as const;
export type ClusterStatus = (typeof CLUSTER_STATUSES)[number];

/** Deployment modes; a release offers some of them (`modes`). */
export const CLUSTER_MODES = ['multinode', 'ha_full', 'ha_compact'] as const;
export type ClusterMode = (typeof CLUSTER_MODES)[number];

/** How an environment's networks are built: Neutron, or the legacy nova-network. */
export const NET_PROVIDERS = ['neutron', 'nova_network'] as const;
export type NetProvider = (typeof NET_PROVIDERS)[number];

/** How Neutron separates tenant networks: VLANs, GRE or VXLAN tunnels. */
export const SEGMENTATION_TYPES = ['vlan', 'gre', 'tun'] as const;
export type SegmentationType = (typeof SEGMENTATION_TYPES)[number];

/** Neutron's L2/L3 provider. */
export const L23_PROVIDERS = ['ovs', 'nsx', 'dpdkovs'] as const;
export type L23Provider = (typeof L23_PROVIDERS)[number];

/** What a pending change of an environment is about (table cluster_changes). */
export const CLUSTER_CHANGE_NAMES = ['networks', 'attributes', 'disks', 'interfaces'] as const;
export type ClusterChangeName = (typeof CLUSTER_CHANGE_NAMES)[number];

/** Statuses in which settings and networks may still change. */
const UNLOCKED_STATUSES: ReadonlySet<ClusterStatus> = new Set([
  'new',
  'stopped',
  'operational',
  'error',
  'partially_deployed',
]);

/** True while a deployment (or a removal) runs: settings and networks are frozen then. */
export function isLocked(status: ClusterStatus): boolean {
  return !UNLOCKED_STATUSES.has(status);
}

/** A JSON object as stored in a jsonb column. */
export type JsonObject = Record<string, unknown>;

/** One row of `clusters`. */
export interface ClusterRow {
  id: number;
  name: string;
  mode: ClusterMode;
  status: ClusterStatus;
  net_provider: NetProvider;
  release_id: number;
  fuel_version: string;
  is_customized: boolean;
  ui_settings: JsonObject;
  components: string[];
  /** Nailgun's `attributes.editable`: the settings an operator sees and changes. */
  editable_attributes: JsonObject;
  /** Nailgun's `attributes.generated`: passwords and keys made once per environment. */
  generated_attributes: JsonObject;
  /** Nailgun's neutron_config / nova_network_config, as the API serializes it. */
  networking_parameters: JsonObject;
  deployed_attributes: JsonObject | null;
  deployed_network_configuration: JsonObject | null;
  created_at: Date;
}

/** The columns the environment's own JSON needs (lists skip the large attribute columns). */
export type ClusterSummary = Pick<
  ClusterRow,
  | 'id'
  | 'name'
  | 'mode'
  | 'status'
  | 'net_provider'
  | 'release_id'
  | 'fuel_version'
  | 'is_customized'
  | 'ui_settings'
  | 'components'
>;

/** The SELECT list of {@link ClusterSummary}. */
export const SUMMARY_COLUMNS =
  'id, name, mode, status, net_provider, release_id, fuel_version, is_customized, ' +
  'ui_settings, components';

/** True for a plain JSON object (not an array, not null). */
export function isJsonObject(value: unknown): value is JsonObject {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}
