import type { CoreContext } from '../context.js';
import { InvalidData, notFound } from '../errors.js';
import { createNotification } from '../notifications/create.js';
import { insertTask, type TaskRow } from '../tasks/model.js';
import { lockNodes } from './repository.js';

/** Ids past PostgreSQL's integer range cannot exist. */
const MAX_ID = 2_147_483_647;

/** `?ids=1,2,3` as Nailgun reads it: comma-separated integers, spaces allowed around them. */
export function parseNodeIds(text: string | undefined): number[] {
  const parts = (text ?? '').split(',').map((p) => p.trim());
  if (parts.some((p) => !/^[+-]?\d+$/.test(p))) {
    throw new InvalidData('Comma-separated numbers list expected');
  }
  const ids = [...new Set(parts.map(Number))];
  if (ids.some((id) => id > MAX_ID)) throw notFound('Node');
  return ids;
}

/** Nodes of one environment, which only a removal run of the orchestrator may delete. */
export interface NodesInEnvironment {
  clusterId: number;
  ids: number[];
}

/**
 * Deletes nodes (`DELETE /nodes`, `DELETE /nodes/{id}`). Nodes outside any environment have
 * nothing to tear down and are removed at once, recorded by a finished `node_deletion` task and
 * a `done` notification. Nodes of one environment are answered back, unchanged, for a removal
 * run to erase; nodes of several environments (or mixed with free ones) are refused.
 */
export async function deleteNodes(
  ctx: CoreContext,
  ids: number[],
): Promise<TaskRow | NodesInEnvironment> {
  const task = await ctx.db.transaction(async (tx) => {
    const nodes = await lockNodes(tx, ids);
    if (nodes.length !== ids.length) throw notFound('Node');
    const clusters = new Set(nodes.map((n) => n.cluster_id));
    if (clusters.size > 1) {
      throw new InvalidData('Nodes to delete must all belong to the same environment, or to none');
    }
    const [clusterId] = [...clusters];
    if (clusterId !== null && clusterId !== undefined) return { clusterId, ids };
    const count = nodes.length;
    const created = await insertTask(tx, {
      name: 'node_deletion',
      clusterId: null,
      status: 'ready',
      progress: 100,
      message: `Successfully removed ${count} node(s). No errors occurred`,
    });
    await tx.query('DELETE FROM nodes WHERE id = ANY($1::int[])', [ids]);
    await createNotification(tx, {
      topic: 'done',
      message: `Successfully removed ${count} node(s)`,
      taskId: created.id,
    });
    return created;
  });
  if ('uuid' in task) ctx.logger.info('nodes deleted', { node_ids: ids, task_uuid: task.uuid });
  return task;
}
