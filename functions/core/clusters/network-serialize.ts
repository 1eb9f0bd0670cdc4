import type { ClusterRow, JsonObject } from './model.js';
import type { NetworkGroupRow } from './network-groups.js';
import { type ClusterVips, clusterVips } from './vips.js';

/** One network as the network configuration lists it. */
export interface NetworkJson {
  id: number;
  group_id: number | null;
  name: string;
  cidr: string | null;
  gateway: string | null;
  vlan_start: number | null;
  meta: JsonObject;
  ip_ranges: [string, string][];
}

/** GET /clusters/{id}/network_configuration/<provider>. VIPs are listed in HA modes only. */
export type NetworkConfigurationJson = {
  networks: NetworkJson[];
  networking_parameters: JsonObject;
} & Partial<ClusterVips>;

/** A network group as Nailgun's NetworkConfigurationSerializer shows it. */
export function serializeNetwork(row: NetworkGroupRow): NetworkJson {
  return {
    id: row.id,
    group_id: row.group_id,
    name: row.name,
    cidr: row.cidr,
    gateway: row.gateway,
    vlan_start: row.vlan_start,
    meta: row.meta,
    ip_ranges: row.ip_ranges,
  };
}

/** The environment's networks, then the shared admin network, and its parameters. */
export function serializeNetworkConfiguration(
  cluster: Pick<ClusterRow, 'mode' | 'networking_parameters'>,
  networks: NetworkGroupRow[],
  admin: NetworkGroupRow | undefined,
): NetworkConfigurationJson {
  const all = admin ? [...networks, admin] : networks;
  return {
    networks: all.map(serializeNetwork),
    networking_parameters: cluster.networking_parameters,
    ...(cluster.mode.startsWith('ha_') ? clusterVips(networks) : {}),
  };
}
