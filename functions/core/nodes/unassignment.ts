import type { CoreContext } from '../context.js';
import { InvalidData, notFound } from '../errors.js';
import { checkAllFound } from './assignment.js';
import { clusterExists, leaveCluster } from './membership.js';
import { lockNodes } from './repository.js';

/**
 * `POST /clusters/{id}/unassignment`: nodes still in `discover` leave the environment at once;
 * the others are marked for deletion, to be erased by the next deployment. All or nothing.
 */
export async function unassignNodes(
  ctx: CoreContext,
  clusterId: number,
  nodeIds: number[],
): Promise<void> {
  const ids = [...new Set(nodeIds)];
  const detached = await ctx.db.transaction(async (tx) => {
    if (!(await clusterExists(tx, clusterId))) throw notFound('Cluster');
    const nodes = await lockNodes(tx, ids);
    const strangers = nodes.filter((n) => n.cluster_id !== clusterId).map((n) => n.id);
    if (strangers.length > 0) {
      throw new InvalidData(
        `Nodes [${strangers.join(', ')}] are not members of environment ${clusterId}.`,
      );
    }
    checkAllFound(ids, nodes);
    const discover = nodes.filter((n) => n.status === 'discover').map((n) => n.id);
    const others = nodes.filter((n) => n.status !== 'discover').map((n) => n.id);
    await leaveCluster(tx, discover);
    if (others.length > 0) {
      await tx.query('UPDATE nodes SET pending_deletion = true WHERE id = ANY($1::int[])', [
        others,
      ]);
    }
    return discover;
  });
  ctx.logger.info('nodes unassigned', {
    cluster_id: clusterId,
    node_ids: ids,
    detached_node_ids: detached,
  });
}
