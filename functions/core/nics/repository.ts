import type { Queryable } from '../../db/database.js';
import { ADMIN_NETWORK_NAME, type NetworkRow, type NicRow } from './model.js';

/** The node columns that decide which networks a node carries and whether it may change them. */
export interface NicNodeRow {
  id: number;
  cluster_id: number | null;
  group_id: number | null;
  status: string;
  error_type: string | null;
  mac: string;
  roles: string[];
  pending_roles: string[];
}

/** What an environment says about the public network (reference: Node.should_have_public). */
export interface ClusterPublicRules {
  id: number;
  /** Setting `public_network_assignment.assign_to_all_nodes`. */
  public_to_all: boolean;
  /** Setting `neutron_advanced_configuration.neutron_dvr`. */
  dvr: boolean;
  /** Roles of the release with `public_ip_required`. */
  public_roles: string[];
  /** Roles of the release with `public_for_dvr_required`. */
  dvr_public_roles: string[];
}

/** A node group (rack) of an environment. */
export interface NodegroupRow {
  id: number;
  cluster_id: number;
  name: string;
  is_default: boolean;
}

/** A row of `nic_network_assignments`: one network carried by one NIC. */
export interface StoredAssignmentRow {
  interface_id: number;
  network_id: number;
}

const NETWORK_COLUMNS = 'id, name, cluster_id, group_id, vlan_start, meta';

/** Nodes by id; `lock` takes their rows for the rest of the transaction, in id order. */
export async function findNicNodes(
  db: Queryable,
  ids: number[],
  lock = false,
): Promise<NicNodeRow[]> {
  const { rows } = await db.query<NicNodeRow>(
    `SELECT id, cluster_id, group_id, status, error_type, mac::text AS mac, roles, pending_roles
     FROM nodes WHERE id = ANY($1::int[]) ORDER BY id${lock ? ' FOR UPDATE' : ''}`,
    [ids],
  );
  return rows;
}

/** The NICs of some nodes, by node and name. */
export async function listNics(db: Queryable, nodeIds: number[]): Promise<NicRow[]> {
  const { rows } = await db.query<NicRow>(
    `SELECT id, node_id, name, mac::text AS mac, state, driver, bus_info, max_speed,
            current_speed, pxe, offloading_modes, interface_properties
     FROM node_nic_interfaces WHERE node_id = ANY($1::int[]) ORDER BY node_id, name, id`,
    [nodeIds],
  );
  return rows;
}

/** The stored network assignments of the NICs of some nodes. */
export async function listStoredAssignments(
  db: Queryable,
  nodeIds: number[],
): Promise<StoredAssignmentRow[]> {
  const { rows } = await db.query<StoredAssignmentRow>(
    `SELECT a.interface_id, a.network_id
     FROM nic_network_assignments a JOIN node_nic_interfaces i ON i.id = a.interface_id
     WHERE i.node_id = ANY($1::int[])`,
    [nodeIds],
  );
  return rows;
}

/** The installation's admin network: the `fuelweb_admin` group that belongs to no environment. */
export async function findAdminNetwork(db: Queryable): Promise<NetworkRow | undefined> {
  const { rows } = await db.query<NetworkRow>(
    `SELECT ${NETWORK_COLUMNS} FROM network_groups
     WHERE cluster_id IS NULL AND name = $1 ORDER BY id LIMIT 1`,
    [ADMIN_NETWORK_NAME],
  );
  return rows[0];
}

/** The networks of some environments, their own admin networks left out. */
export async function listClusterNetworks(
  db: Queryable,
  clusterIds: number[],
): Promise<NetworkRow[]> {
  const { rows } = await db.query<NetworkRow>(
    `SELECT ${NETWORK_COLUMNS} FROM network_groups
     WHERE cluster_id = ANY($1::int[]) AND name <> $2 ORDER BY id`,
    [clusterIds, ADMIN_NETWORK_NAME],
  );
  return rows;
}

/** The node groups of some environments, default ones first. */
export async function listNodegroups(db: Queryable, clusterIds: number[]): Promise<NodegroupRow[]> {
  const { rows } = await db.query<NodegroupRow>(
    `SELECT id, cluster_id, name, is_default FROM nodegroups
     WHERE cluster_id = ANY($1::int[]) ORDER BY is_default DESC, id`,
    [clusterIds],
  );
  return rows;
}

/** The public network rules of some environments. */
export async function listClusterPublicRules(
  db: Queryable,
  clusterIds: number[],
): Promise<ClusterPublicRules[]> {
  const { rows } = await db.query<ClusterPublicRules>(
    `SELECT c.id,
       coalesce(c.editable_attributes #> '{public_network_assignment,assign_to_all_nodes,value}'
         = 'true'::jsonb, false) AS public_to_all,
       coalesce(c.editable_attributes #> '{neutron_advanced_configuration,neutron_dvr,value}'
         = 'true'::jsonb, false) AS dvr,
       ${rolesWithFlag('public_ip_required')} AS public_roles,
       ${rolesWithFlag('public_for_dvr_required')} AS dvr_public_roles
     FROM clusters c JOIN releases r ON r.id = c.release_id
     WHERE c.id = ANY($1::int[])`,
    [clusterIds],
  );
  return rows;
}

function rolesWithFlag(flag: 'public_ip_required' | 'public_for_dvr_required'): string {
  return `CASE WHEN jsonb_typeof(r.roles_metadata) = 'object'
    THEN ARRAY(SELECT m.key FROM jsonb_each(r.roles_metadata) m
               WHERE m.value -> '${flag}' = 'true'::jsonb)
    ELSE '{}'::text[] END`;
}

/** Replaces every stored assignment of a node's NICs by `pairs`. */
export async function replaceAssignments(
  tx: Queryable,
  nodeId: number,
  pairs: StoredAssignmentRow[],
): Promise<void> {
  await tx.query(
    `DELETE FROM nic_network_assignments
     WHERE interface_id IN (SELECT id FROM node_nic_interfaces WHERE node_id = $1)`,
    [nodeId],
  );
  if (pairs.length === 0) return;
  await tx.query(
    `INSERT INTO nic_network_assignments (interface_id, network_id)
     SELECT * FROM unnest($1::int[], $2::int[])`,
    [pairs.map((p) => p.interface_id), pairs.map((p) => p.network_id)],
  );
}

/** Records the pending change `interfaces` of a node (once). */
export async function addInterfacesChange(
  tx: Queryable,
  clusterId: number,
  nodeId: number,
): Promise<void> {
  await tx.query(
    `INSERT INTO cluster_changes (cluster_id, name, node_id) VALUES ($1, 'interfaces', $2)
     ON CONFLICT DO NOTHING`,
    [clusterId, nodeId],
  );
}

/** Ids of the nodes that belong to an environment (to `clusterId` when given). */
export async function listClusterNodeIds(
  db: Queryable,
  clusterId: number | undefined,
): Promise<number[]> {
  const { rows } = await db.query<{ id: number }>(
    `SELECT id FROM nodes WHERE cluster_id IS NOT NULL AND ($1::int IS NULL OR cluster_id = $1)
     ORDER BY id`,
    [clusterId ?? null],
  );
  return rows.map((r) => r.id);
}
