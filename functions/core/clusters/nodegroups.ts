import type { Queryable } from '../../db/database.js';

/** Name of the node group every environment gets when it is created. */
export const DEFAULT_NODEGROUP_NAME = 'default';

/** Creates the environment's default node group and returns its id. */
export async function insertDefaultNodegroup(db: Queryable, clusterId: number): Promise<number> {
  const { rows } = await db.query<{ id: number }>(
    'INSERT INTO nodegroups (cluster_id, name, is_default) VALUES ($1, $2, true) RETURNING id',
    [clusterId, DEFAULT_NODEGROUP_NAME],
  );
  const row = rows[0];
  if (!row) throw new Error('nodegroup insert returned no row');
  return row.id;
}

/** Id of the environment's default node group, or null when it has none. */
export async function findDefaultNodegroupId(
  db: Queryable,
  clusterId: number,
): Promise<number | null> {
  const { rows } = await db.query<{ id: number }>(
    'SELECT id FROM nodegroups WHERE cluster_id = $1 AND is_default ORDER BY id LIMIT 1',
    [clusterId],
  );
  return rows[0]?.id ?? null;
}
