import { createNotification } from '../core/notifications/create.js';
import { changeTask, taskTitle } from '../core/orchestration/task-state.js';
import type { TaskRow, TaskStatus } from '../core/tasks/model.js';
import type { Queryable } from '../db/database.js';

/**
 * Nailgun's _update_task_status: a report's status becomes the task's, with the messages and
 * notifications operators know ("Deployment of environment 'x' is done.", "Provision has
 * failed. Check these nodes: ...").
 */
export async function updateTaskStatus(
  tx: Queryable,
  task: TaskRow,
  report: { status?: string; progress?: number; error?: string | null },
  reportedNodeIds: number[],
): Promise<void> {
  // A report on a pending task means its work began, whether or not it says so (Astute sent
  // an explicit "running" first; our relay's node reports imply it).
  const status = asStatus(report.status) ?? (task.status === 'pending' ? 'running' : task.status);
  if (status === 'error') {
    await failTask(tx, task, report.error ?? null);
    return;
  }
  if (status === 'ready') {
    await succeedTask(tx, task, reportedNodeIds);
    return;
  }
  await changeTask(tx, task, {
    status,
    ...(report.progress === undefined ? {} : { progress: report.progress }),
  });
}

async function failTask(tx: Queryable, task: TaskRow, error: string | null): Promise<void> {
  const title = taskTitle(task.name);
  let message: string;
  let notify: string | undefined;
  if (error) {
    message = `${title} has failed. ${error}`;
    notify = message.split('\n\n')[0];
  } else {
    const names = await failedNodeNames(tx, task.cluster_id);
    message = `${title} has failed. Check these nodes:\n${names ?? ''}`;
    notify = names ? message : undefined;
  }
  await notifyFor(tx, task, 'error', notify);
  await changeTask(tx, task, { status: 'error', message });
}

async function succeedTask(tx: Queryable, task: TaskRow, nodeIds: number[]): Promise<void> {
  const nodes = (
    await tx.query<{ status: string; cluster_id: number | null }>(
      'SELECT status, cluster_id FROM nodes WHERE id = ANY($1::int[])',
      [nodeIds],
    )
  ).rows;
  if (nodes.some((n) => n.status === 'error')) {
    await failTask(tx, task, null);
    return;
  }
  const title = taskTitle(task.name);
  let message = `${title} is done. No changes.`;
  const first = nodes[0];
  if (first && task.cluster_id !== null) {
    const { rows } = await tx.query<{ unmet: number; name: string }>(
      `SELECT (SELECT count(*)::int FROM nodes WHERE cluster_id = $1 AND status <> $2) AS unmet,
              (SELECT name FROM clusters WHERE id = $1) AS name`,
      [task.cluster_id, first.status],
    );
    const row = rows[0];
    message =
      row && row.unmet > 0
        ? `${title} of ${nodes.length} environment node(s) is done.`
        : `${title} of environment '${row?.name ?? task.cluster_id}' is done.`;
  }
  await notifyFor(tx, task, 'done', message);
  await changeTask(tx, task, { status: 'ready', message });
}

async function failedNodeNames(
  tx: Queryable,
  clusterId: number | null,
): Promise<string | undefined> {
  if (clusterId === null) return undefined;
  const { rows } = await tx.query<{ name: string }>(
    `SELECT name FROM nodes WHERE cluster_id = $1 AND (status = 'error' OR NOT online)
       AND error_type IN ('deploy', 'provision') ORDER BY id`,
    [clusterId],
  );

  return rows.length > 0 ? rows.map((r) => `'${r.name}'`).join(', ') : undefined;
}

/** Nailgun notifies a provision task's outcome only when it is a top-level task. */
async function notifyFor(
  tx: Queryable,
  task: TaskRow,
  topic: 'done' | 'error',
  message: string | undefined,
): Promise<void> {
  if (message === undefined || (task.name === 'provision' && task.parent_id !== null)) return;
  await createNotification(tx, { topic, message, clusterId: task.cluster_id, taskId: task.id });
}

function asStatus(value: string | undefined): TaskStatus | undefined {
  return value === 'pending' || value === 'running' || value === 'ready' || value === 'error'
    ? value
    : undefined;
}
