import { taskNodeIds } from '../../core/orchestration/cluster-outcome.js';
import { applyNodeReports, meanNodeProgress, type NodeReport } from '../node-progress.js';
import { updateTaskStatus } from '../task-outcome.js';
import { isMasterEntry, type ReceiverInput, type ReportedNode, reportedNodeId } from '../types.js';

/** provision_resp (§6.5): node statuses and progress, then the task's. */
export async function provisionResp({ tx, task, args }: ReceiverInput): Promise<void> {
  const nodes = args.nodes ?? [];
  const failedOnMaster = nodes.find(isMasterEntry)?.status === 'error';
  const reports = nodes.flatMap((n) => toReport(n, 'provision'));
  await applyNodeReports(tx, task.cluster_id, 'provision', reports);

  await settleTask({ tx, task, args }, failedOnMaster, reports);
}

/**
 * The task's part of a node report: its progress (given, or the mean of its nodes'), and its
 * status, forced to error when the master reported a failure.
 */
export async function settleTask(
  { tx, task, args }: Pick<ReceiverInput, 'tx' | 'task' | 'args'>,
  failedOnMaster: boolean,
  reports: NodeReport[],
): Promise<void> {
  const reported = (args.nodes ?? []).length > 0;
  const progress =
    args.progress ?? (reported ? await meanNodeProgress(tx, taskNodeIds(task)) : undefined);
  await updateTaskStatus(
    tx,
    task,
    {
      ...(failedOnMaster ? { status: 'error' } : args.status ? { status: args.status } : {}),
      ...(progress === undefined ? {} : { progress }),
      error: args.error ?? null,
    },
    reports.map((r) => r.id),
  );
}

/** Normalizes a report entry; the master and malformed uids give nothing. */
export function toReport(node: ReportedNode, errorType: 'provision' | 'deploy'): NodeReport[] {
  const id = reportedNodeId(node);
  if (id === undefined) return [];
  const error = node.status === 'error';
  return [
    {
      id,
      status: node.status ?? null,
      progress: typeof node.progress === 'number' ? Math.round(node.progress) : null,
      errorType: error ? (node.error_type ?? errorType) : null,
      errorMsg: error ? (node.error_msg ?? null) : null,
      online: typeof node.online === 'boolean' ? node.online : null,
    },
  ];
}
