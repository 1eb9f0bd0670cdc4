import type { Queryable } from '../../db/database.js';
import { InvalidData } from '../errors.js';
import type { NodeRow } from './model.js';

/** A node may join a node group only of the environment it is in. */
export async function checkGroup(db: Queryable, node: NodeRow, groupId: number): Promise<void> {
  const prefix = `Cannot assign node group (ID=${groupId}) to node ${node.id}.`;
  const { rows } = await db.query<{ cluster_id: number | null }>(
    'SELECT cluster_id FROM nodegroups WHERE id = $1',
    [groupId],
  );
  const group = rows[0];
  if (!group) throw new InvalidData(`${prefix} The specified node group does not exist.`);
  if (node.cluster_id === null) {
    throw new InvalidData(`${prefix} Node is not allocated to cluster.`);
  }
  if (group.cluster_id !== node.cluster_id) {
    throw new InvalidData(`${prefix} Node belongs to other cluster than node group`);
  }
}
