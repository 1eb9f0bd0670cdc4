import { createNotification } from '../../core/notifications/create.js';
import { changeTask } from '../../core/orchestration/task-state.js';
import type { Queryable } from '../../db/database.js';
import type { ReceiverInput, ReportedNode } from '../types.js';
import { reportedNodeId } from '../types.js';

/**
 * stop_deployment_resp (§6.5, §8): on success the environment is stopped, the stopped tasks are
 * removed and the nodes go back to discover with their roles pending again.
 */
export async function stopDeploymentResp({ tx, task, args }: ReceiverInput): Promise<void> {
  let message = args.error ?? null;
  if (args.status === 'ready' && task.cluster_id !== null) {
    await tx.query("UPDATE clusters SET status = 'stopped' WHERE id = $1", [task.cluster_id]);
    await tx.query(
      `DELETE FROM tasks WHERE cluster_id = $1 AND id <> $2 AND parent_id IS NULL
         AND name IN ('deploy', 'deployment', 'provision')`,
      [task.cluster_id, task.id],
    );
    await resetToDiscover(tx, task.cluster_id, [
      ...(args.nodes ?? []),
      ...(args.inaccessible_nodes ?? []),
    ]);
    const name = await clusterName(tx, task.cluster_id);
    message =
      `Deployment of environment '${name}' was successfully stopped. ` +
      'Please make changes and reset the environment if you want to redeploy it.';
    await createNotification(tx, { topic: 'done', message, clusterId: task.cluster_id });
  }
  if (args.status === 'error' && task.cluster_id !== null) {
    await stopFailed(tx, task.cluster_id, task.id);
  }
  await finishWith(tx, task, args, message);
}

/**
 * A stop that failed (§8.1, §8.2): the environment is in error, nodes still deploying are
 * error(stop_deployment), and the runs it stopped end in error instead of staying running.
 */
async function stopFailed(tx: Queryable, clusterId: number, stopTaskId: number): Promise<void> {
  await tx.query("UPDATE clusters SET status = 'error' WHERE id = $1", [clusterId]);
  await tx.query(
    `UPDATE nodes SET status = 'error', error_type = 'stop_deployment', progress = 100
     WHERE cluster_id = $1 AND status = 'deploying'`,
    [clusterId],
  );
  await tx.query(
    `UPDATE tasks SET status = 'error', progress = 100, message = 'Task aborted',
       time_end = coalesce(time_end, now())
     WHERE cluster_id = $1 AND id <> $2 AND status IN ('pending', 'running')
       AND name IN ('deploy', 'deployment', 'provision', 'node_deletion')`,
    [clusterId, stopTaskId],
  );
}

/** reset_environment_resp: on success the environment is new again, its nodes rediscovered. */
export async function resetEnvironmentResp({ tx, task, args }: ReceiverInput): Promise<void> {
  let message = args.error ?? null;
  if (args.status === 'ready' && task.cluster_id !== null) {
    await tx.query("UPDATE clusters SET status = 'new' WHERE id = $1", [task.cluster_id]);
    await tx.query(
      `INSERT INTO cluster_changes (cluster_id, name) VALUES ($1, 'attributes'), ($1, 'networks')
       ON CONFLICT DO NOTHING`,
      [task.cluster_id],
    );
    await resetToDiscover(tx, task.cluster_id, [
      ...(args.nodes ?? []),
      ...(args.inaccessible_nodes ?? []),
    ]);
    const name = await clusterName(tx, task.cluster_id);
    message = `Environment '${name}' was successfully reset`;
    await createNotification(tx, { topic: 'done', message, clusterId: task.cluster_id });
  }
  await finishWith(tx, task, args, message);
}

async function finishWith(
  tx: Queryable,
  task: ReceiverInput['task'],
  args: ReceiverInput['args'],
  message: string | null,
): Promise<void> {
  await changeTask(tx, task, {
    ...(args.status === 'ready' || args.status === 'error' || args.status === 'running'
      ? { status: args.status }
      : {}),
    ...(args.progress === undefined ? {} : { progress: args.progress }),
    message,
  });
}

/** Nailgun's Node.reset_to_discover for the reported nodes of one environment. */
async function resetToDiscover(
  tx: Queryable,
  clusterId: number,
  nodes: ReportedNode[],
): Promise<void> {
  const ids = nodes.flatMap((n) => {
    const id = reportedNodeId(n);
    return id === undefined ? [] : [id];
  });
  await tx.query(
    `UPDATE nodes SET status = 'discover', pending_addition = true, progress = 0,
       pending_roles = ARRAY(SELECT DISTINCT unnest(roles || pending_roles)), roles = '{}',
       error_type = NULL, error_msg = NULL
     WHERE cluster_id = $1 AND id = ANY($2::int[])`,
    [clusterId, ids],
  );
}

async function clusterName(tx: Queryable, clusterId: number): Promise<string> {
  const { rows } = await tx.query<{ name: string }>('SELECT name FROM clusters WHERE id = $1', [
    clusterId,
  ]);

  return rows[0]?.name ?? String(clusterId);
}
