import type { Queryable } from '../../db/database.js';
import type { ClusterChangeName } from './model.js';

/** One pending change as the environment JSON lists it. */
export interface ClusterChange {
  name: ClusterChangeName;
  node_id: number | null;
}

/**
 * Records that part of an environment changed since its last deployment. Recording a change
 * already pending is a no-op, as in Nailgun.
 */
export async function addClusterChange(
  db: Queryable,
  clusterId: number,
  name: ClusterChangeName,
  nodeId?: number | null,
): Promise<void> {
  await db.query(
    `INSERT INTO cluster_changes (cluster_id, name, node_id) VALUES ($1, $2, $3)
     ON CONFLICT DO NOTHING`,
    [clusterId, name, nodeId ?? null],
  );
}

/** Forgets pending changes: all of the environment's, or only those of the given nodes. */
export async function clearClusterChanges(
  db: Queryable,
  clusterId: number,
  nodeIds?: number[],
): Promise<void> {
  if (nodeIds === undefined) {
    await db.query('DELETE FROM cluster_changes WHERE cluster_id = $1', [clusterId]);
    return;
  }
  await db.query('DELETE FROM cluster_changes WHERE cluster_id = $1 AND node_id = ANY($2)', [
    clusterId,
    nodeIds,
  ]);
}

/** Pending changes of several environments in one query, keyed by environment id. */
export async function listClusterChanges(
  db: Queryable,
  clusterIds: number[],
): Promise<Map<number, ClusterChange[]>> {
  const byCluster = new Map<number, ClusterChange[]>(clusterIds.map((id) => [id, []]));
  if (clusterIds.length === 0) return byCluster;
  const { rows } = await db.query<ClusterChange & { cluster_id: number }>(
    `SELECT cluster_id, name, node_id FROM cluster_changes
     WHERE cluster_id = ANY($1) ORDER BY id`,
    [clusterIds],
  );
  for (const { cluster_id, name, node_id } of rows) {
    byCluster.get(cluster_id)?.push({ name, node_id });
  }
  return byCluster;
}
