import type { Queryable } from '../../db/database.js';
import {
  insertNetworkGroup,
  type NetworkGroupRow,
  type NetworkGroupValues,
} from './network-groups.js';

/** Nailgun's name of the admin (PXE) network. */
export const ADMIN_NETWORK_NAME = 'fuelweb_admin';

/**
 * The master node's PXE network (Nailgun's settings ADMIN_NETWORK), shared by every
 * environment: it belongs to no environment and no node group.
 */
const ADMIN_NETWORK: NetworkGroupValues = {
  name: ADMIN_NETWORK_NAME,
  cidr: '10.20.0.0/24',
  gateway: '10.20.0.1',
  vlan_start: null,
  ip_ranges: [['10.20.0.3', '10.20.0.254']],
  meta: {
    use_gateway: true,
    notation: 'ip_ranges',
    render_type: null,
    render_addr_mask: null,
    map_priority: 0,
    unmovable: true,
    configurable: false,
  },
};

/** Creates the shared admin network unless it exists. */
export async function ensureAdminNetwork(db: Queryable): Promise<void> {
  await insertNetworkGroup(db, null, null, ADMIN_NETWORK);
}

/** The shared admin network, or undefined before the first environment exists. */
export async function findAdminNetwork(db: Queryable): Promise<NetworkGroupRow | undefined> {
  const { rows } = await db.query<NetworkGroupRow>(
    `SELECT id, name, cluster_id, group_id, cidr, gateway, vlan_start, ip_ranges, meta
     FROM network_groups WHERE group_id IS NULL AND cluster_id IS NULL AND name = $1`,
    [ADMIN_NETWORK_NAME],
  );
  return rows[0];
}
