import type { Queryable } from '../../db/database.js';
import type { TaskRow } from '../tasks/model.js';
import { taskNodeIds } from './cluster-outcome.js';
import type { OrchestrationContext } from './context.js';
import type { MachineName } from './executor.js';
import { rejectTask } from './task-state.js';

/** The input every execution gets: ids only (Step Functions payloads stay small). */
export interface ExecutionInput {
  task_uuid: string;
  cluster_id: number;
  queue_url: string;
  max_concurrency: number;
}

/**
 * Starts the execution that runs a committed task, named after the task so a repeated start
 * is a no-op. When the executor refuses, the task fails with the reason and the environment
 * returns to `restoreStatus`, so nothing is left half-started.
 */
export async function launch(
  ctx: OrchestrationContext,
  machine: MachineName,
  task: TaskRow,
  restoreStatus: string | null,
  name: string = task.uuid,
): Promise<TaskRow> {
  const input: ExecutionInput = {
    task_uuid: task.uuid,
    cluster_id: task.cluster_id ?? 0,
    queue_url: ctx.orchestration.queueUrl,
    max_concurrency: ctx.orchestration.maxConcurrency,
  };
  let executionId: string;
  try {
    ({ executionId } = await ctx.orchestration.executor.start({ machine, name, input }));
  } catch (error) {
    ctx.logger.error('execution not started', { task_uuid: task.uuid, error });
    const message = `Failed to start ${machine}: ${error instanceof Error ? error.message : error}`;
    return ctx.db.transaction((tx) => unstart(tx, task, restoreStatus, message));
  }
  await ctx.db.query(
    `UPDATE tasks SET execution_id = $2, cache = cache || jsonb_build_object('machine', $3::text)
     WHERE id = $1`,
    [task.id, executionId, machine],
  );
  ctx.logger.info('execution started', {
    task_uuid: task.uuid,
    cluster_id: task.cluster_id,
    execution_arn: executionId,
    machine,
  });
  return { ...task, execution_id: executionId } as TaskRow;
}

/**
 * Takes back what a start committed when its execution would not start: the task tree fails,
 * the environment gets its status back, and nodes marked provisioning become
 * error(provision), so the next "deploy changes" picks them up again.
 */
async function unstart(
  tx: Queryable,
  task: TaskRow,
  restoreStatus: string | null,
  message: string,
): Promise<TaskRow> {
  if (restoreStatus && task.cluster_id !== null) {
    await tx.query('UPDATE clusters SET status = $2 WHERE id = $1', [
      task.cluster_id,
      restoreStatus,
    ]);
  }
  const { rows } = await tx.query<TaskRow>('SELECT * FROM tasks WHERE id = $1 OR parent_id = $1', [
    task.id,
  ]);
  await tx.query(
    `UPDATE nodes SET status = 'error', error_type = 'provision', error_msg = $2
     WHERE id = ANY($1::int[]) AND status = 'provisioning'`,
    [rows.flatMap(taskNodeIds), message],
  );
  return rejectTask(tx, task.id, message);
}
