import { createNotification } from '../../core/notifications/create.js';
import type { Queryable } from '../../db/database.js';
import { applyNodeReports } from '../node-progress.js';
import { isMasterEntry, type ReceiverInput, type ReportedNode } from '../types.js';
import { recordHistory } from './history.js';
import { settleTask, toReport } from './provision.js';

/**
 * deploy_resp (§6.5): node fields copied forward only, a failed or offline node is notified
 * and counted done, graph-task reports go to the deployment history.
 */
export async function deployResp({ tx, task, args }: ReceiverInput): Promise<void> {
  const nodes = args.nodes ?? [];
  const failedOnMaster = nodes.find(isMasterEntry)?.status === 'error';
  const reports = nodes.flatMap((n) => toReport(n, 'deploy'));
  const changed = await applyNodeReports(tx, task.cluster_id, 'deploy', reports);
  await notifyFailures(tx, task.cluster_id, task.id, nodes, changed);
  await recordHistory(tx, task.id, nodes);

  await settleTask({ tx, task, args }, failedOnMaster, reports);
}

async function notifyFailures(
  tx: Queryable,
  clusterId: number | null,
  taskId: number,
  nodes: ReportedNode[],
  changed: number[],
): Promise<void> {
  const failed = nodes.filter(
    (n) => (n.status === 'error' && n.progress !== undefined) || n.online === false,
  );
  for (const report of failed) {
    const id = Number(report.uid);
    if (!changed.includes(id)) continue;
    const { rows } = await tx.query<{ name: string; error_msg: string | null }>(
      'SELECT name, error_msg FROM nodes WHERE id = $1',
      [id],
    );
    const node = rows[0];
    if (!node) continue;
    await createNotification(tx, {
      topic: 'error',
      message: `Failed to deploy node '${node.name}': ${node.error_msg ?? 'Unknown error'}`,
      clusterId,
      nodeId: id,
      taskId,
    });
  }
}
