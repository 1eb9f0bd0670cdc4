import type { Queryable } from '../../db/database.js';
import type { IpRange } from './ipv4.js';
import type { JsonObject } from './model.js';

/** One row of `network_groups`: a network of an environment, or the shared admin network. */
export interface NetworkGroupRow {
  id: number;
  name: string;
  cluster_id: number | null;
  group_id: number | null;
  cidr: string | null;
  gateway: string | null;
  vlan_start: number | null;
  ip_ranges: IpRange[];
  /** The release's network metadata the group was made from (notation, use_gateway, vips...). */
  meta: JsonObject;
}

/** The values of a network group that change: on creation and on a configuration update. */
export type NetworkGroupValues = Pick<
  NetworkGroupRow,
  'name' | 'cidr' | 'gateway' | 'vlan_start' | 'ip_ranges' | 'meta'
>;

const COLUMNS = 'id, name, cluster_id, group_id, cidr, gateway, vlan_start, ip_ranges, meta';

/** The environment's own networks (not the shared admin network), in creation order. */
export async function listClusterNetworks(
  db: Queryable,
  clusterId: number,
): Promise<NetworkGroupRow[]> {
  const { rows } = await db.query<NetworkGroupRow>(
    `SELECT ${COLUMNS} FROM network_groups WHERE cluster_id = $1 ORDER BY id`,
    [clusterId],
  );
  return rows;
}

/**
 * Adds a network group. An existing group of the same name in the same node group wins (a
 * release listing a network twice, or two requests creating the shared admin network at once).
 */
export async function insertNetworkGroup(
  db: Queryable,
  clusterId: number | null,
  groupId: number | null,
  values: NetworkGroupValues,
): Promise<void> {
  await db.query(
    `INSERT INTO network_groups (cluster_id, group_id, name, cidr, gateway, vlan_start,
                                 ip_ranges, meta)
     VALUES ($1, $2, $3, $4, $5, $6, $7, $8)
     ON CONFLICT DO NOTHING`,
    [
      clusterId,
      groupId,
      values.name,
      values.cidr,
      values.gateway,
      values.vlan_start,
      JSON.stringify(values.ip_ranges),
      JSON.stringify(values.meta),
    ],
  );
}

/** Rewrites a network group's addressing; its name and node group never change. */
export async function updateNetworkGroup(
  db: Queryable,
  id: number,
  values: Omit<NetworkGroupValues, 'name'>,
): Promise<void> {
  await db.query(
    `UPDATE network_groups SET cidr = $2, gateway = $3, vlan_start = $4, ip_ranges = $5, meta = $6
     WHERE id = $1`,
    [
      id,
      values.cidr,
      values.gateway,
      values.vlan_start,
      JSON.stringify(values.ip_ranges),
      JSON.stringify(values.meta),
    ],
  );
}
