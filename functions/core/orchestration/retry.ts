import type { Queryable } from '../../db/database.js';
import { lockCluster } from '../clusters/repository.js';
import { InvalidData } from '../errors.js';
import type { TaskRow } from '../tasks/model.js';
import { taskNodeIds } from './cluster-outcome.js';
import type { OrchestrationContext } from './context.js';
import { MACHINE_NAMES, type MachineName } from './executor.js';
import { launch } from './launch.js';

type RunTask = TaskRow & { execution_id: string | null };

/**
 * PUT /clusters/{id}/retry (an extension of Nailgun's API): runs the environment's last failed
 * run again without redoing what succeeded: a new execution of the same task, whose plan leaves
 * out the nodes that finished. Redrive cannot do this: every failure of our workflows is caught
 * and ends through Abort into a Fail state, which is all a redrive would run again.
 */
export async function retryLastRun(ctx: OrchestrationContext, clusterId: number): Promise<TaskRow> {
  const last = await ctx.db.transaction(async (tx) => {
    await lockCluster(tx, clusterId);
    const task = await lastFailedRun(tx, clusterId);
    await reopen(tx, task);
    return task;
  });
  const reopened = { ...last, status: 'running' as const, message: null };
  const cache = last.cache as { machine?: string; retries?: number };
  const retries = (cache.retries ?? 0) + 1;
  await ctx.db.query(
    `UPDATE tasks SET cache = cache || jsonb_build_object('retries', $2::int) WHERE id = $1`,
    [last.id, retries],
  );
  const machine = MACHINE_NAMES.find((m) => m === cache.machine) ?? 'deploy-changes';
  ctx.logger.info('run restarted', { task_uuid: last.uuid, machine, retries });
  return launch(ctx, machine as MachineName, reopened, null, `${last.uuid}-retry-${retries}`);
}

async function lastFailedRun(tx: Queryable, clusterId: number): Promise<RunTask> {
  const { rows } = await tx.query<RunTask>(
    `SELECT * FROM tasks WHERE cluster_id = $1 AND parent_id IS NULL AND deleted_at IS NULL
     ORDER BY id DESC LIMIT 1 FOR UPDATE`,
    [clusterId],
  );
  const last = rows[0];
  if (last?.status !== 'error' || !last.execution_id) {
    throw new InvalidData('There is no failed deployment to retry in this environment');
  }
  return last;
}

/** The failed tasks run again; their failed nodes go back to where the run left them. */
async function reopen(tx: Queryable, task: RunTask): Promise<void> {
  const { rows: reopened } = await tx.query<TaskRow>(
    `UPDATE tasks SET status = 'running', message = NULL, time_end = NULL,
       progress = LEAST(progress, 99)
     WHERE (id = $1 OR parent_id = $1) AND status = 'error' RETURNING *`,
    [task.id],
  );
  await tx.query(
    `UPDATE nodes SET progress = 0, error_msg = NULL,
       status = CASE error_type WHEN 'provision' THEN 'provisioning' ELSE 'provisioned' END,
       error_type = NULL
     WHERE id = ANY($1::int[]) AND status = 'error'`,
    [reopened.flatMap(taskNodeIds)],
  );
  await tx.query("UPDATE clusters SET status = 'deployment' WHERE id = $1", [task.cluster_id]);
}
