import type { Queryable } from '../../db/database.js';

/** Pending changes a node brings to an environment it joins or whose roles change. */
const NODE_CHANGES = ['interfaces', 'disks'] as const;

/** Records pending `interfaces` and `disks` changes for each node (once per node and name). */
export async function addNodeChanges(
  tx: Queryable,
  clusterId: number,
  nodeIds: number[],
): Promise<void> {
  if (nodeIds.length === 0) return;
  await tx.query(
    `INSERT INTO cluster_changes (cluster_id, name, node_id)
     SELECT $1::int, change, node_id FROM unnest($2::int[]) AS node_id, unnest($3::text[]) AS change
     ON CONFLICT DO NOTHING`,
    [clusterId, nodeIds, NODE_CHANGES],
  );
}

/**
 * Puts nodes into environment `clusterId`, in its default node group (none when the
 * environment has no default group), with pending changes for their interfaces and disks.
 */
export async function joinCluster(
  tx: Queryable,
  clusterId: number,
  nodeIds: number[],
): Promise<void> {
  if (nodeIds.length === 0) return;
  await tx.query(
    `UPDATE nodes SET cluster_id = $1,
       group_id = (SELECT id FROM nodegroups WHERE cluster_id = $1 AND is_default
                   ORDER BY id LIMIT 1)
     WHERE id = ANY($2::int[])`,
    [clusterId, nodeIds],
  );
  await addNodeChanges(tx, clusterId, nodeIds);
}

/**
 * Takes nodes out of their environment at once: their pending changes and network assignments
 * go, roles and environment-specific settings are cleared, the hostname returns to `node-<id>`
 * and the disk layout to the release default.
 */
export async function leaveCluster(tx: Queryable, nodeIds: number[]): Promise<void> {
  if (nodeIds.length === 0) return;
  await tx.query('DELETE FROM cluster_changes WHERE node_id = ANY($1::int[])', [nodeIds]);
  await tx.query(
    `DELETE FROM nic_network_assignments WHERE interface_id IN
       (SELECT id FROM node_nic_interfaces WHERE node_id = ANY($1::int[]))`,
    [nodeIds],
  );
  await tx.query(
    `UPDATE nodes SET cluster_id = NULL, group_id = NULL, roles = '{}', pending_roles = '{}',
       primary_tags = '{}', pending_addition = false, pending_deletion = false,
       kernel_params = NULL, hostname = NULL, attributes = '{}', volumes = NULL
     WHERE id = ANY($1::int[])`,
    [nodeIds],
  );
}

/** Whether environment `clusterId` exists. */
export async function clusterExists(db: Queryable, clusterId: number): Promise<boolean> {
  const { rows } = await db.query('SELECT 1 FROM clusters WHERE id = $1', [clusterId]);
  return rows.length > 0;
}
