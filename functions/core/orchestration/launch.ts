import type { TaskRow } from '../tasks/model.js';
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
  try {
    const { executionId } = await ctx.orchestration.executor.start({ machine, name, input });
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
  } catch (error) {
    ctx.logger.error('execution not started', { task_uuid: task.uuid, error });
    return ctx.db.transaction(async (tx) => {
      if (restoreStatus && task.cluster_id !== null) {
        await tx.query('UPDATE clusters SET status = $2 WHERE id = $1', [
          task.cluster_id,
          restoreStatus,
        ]);
      }
      const message = `Failed to start ${machine}: ${error instanceof Error ? error.message : error}`;
      return rejectTask(tx, task.id, message);
    });
  }
}
