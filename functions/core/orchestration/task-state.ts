import type { Queryable } from '../../db/database.js';
import type { TaskRow, TaskStatus } from '../tasks/model.js';
import { applyClusterOutcome } from './cluster-outcome.js';
import { recomputeParent } from './parent-task.js';

/** A change a progress message or a step asks of a task. */
export interface TaskChange {
  status?: TaskStatus;
  progress?: number;
  message?: string | null;
}

const FINISHED: ReadonlySet<TaskStatus> = new Set(['ready', 'error']);

export function isFinished(status: TaskStatus): boolean {
  return FINISHED.has(status);
}

/**
 * Moves a task forward (§8.3) and lets the change ripple: the supertask is recomputed from its
 * subtasks, and a finished deployment task settles its environment and nodes (§8.1, §8.2).
 * A finished task never changes again and progress never goes down, so redelivered or late
 * messages are harmless. Returns the task as stored afterwards.
 */
export async function changeTask(
  tx: Queryable,
  task: TaskRow,
  change: TaskChange,
): Promise<TaskRow> {
  if (isFinished(task.status)) return task;
  const status = nextStatus(task.status, change.status);
  const finished = isFinished(status);
  const progress = finished
    ? 100
    : Math.min(100, Math.max(task.progress, finiteProgress(change.progress)));
  const message = change.message === undefined ? task.message : change.message;

  const { rows } = await tx.query<TaskRow>(
    `UPDATE tasks SET status = $2, progress = $3, message = $4,
       time_start = CASE WHEN $2 <> 'pending' THEN coalesce(time_start, now()) END,
       time_end = CASE WHEN $5 THEN coalesce(time_end, now()) END
     WHERE id = $1 RETURNING *`,
    [task.id, status, progress, message, finished],
  );
  const updated = rows[0] ?? task;
  if (finished) await applyClusterOutcome(tx, updated);
  if (updated.parent_id !== null) await recomputeParent(tx, updated.parent_id);

  return updated;
}

function nextStatus(current: TaskStatus, asked: TaskStatus | undefined): TaskStatus {
  if (!asked || asked === 'pending') return current;
  return asked;
}

/** Locks a live task by uuid for the rest of the transaction; undefined when unknown or deleted. */
export async function lockTaskByUuid(tx: Queryable, uuid: string): Promise<TaskRow | undefined> {
  if (!/^[0-9a-f-]{36}$/i.test(uuid)) return undefined;
  const { rows } = await tx.query<TaskRow>(
    'SELECT * FROM tasks WHERE uuid = $1 AND deleted_at IS NULL FOR UPDATE',
    [uuid],
  );

  return rows[0];
}

/** Python's str.title(), which Nailgun uses to name tasks in messages ("Deployment"). */
export function taskTitle(name: string): string {
  return name.replace(/[A-Za-z]+/g, (w) => w.charAt(0).toUpperCase() + w.slice(1).toLowerCase());
}

/**
 * Ends a task tree that never ran (a failed pre-check, an execution that would not start): the
 * task and its subtasks fail with `message`, and nothing else changes, so the environment keeps
 * the state it had (Nailgun: "the cluster stays new").
 */
export async function rejectTask(tx: Queryable, taskId: number, message: string): Promise<TaskRow> {
  await tx.query(
    `UPDATE tasks SET status = 'error', progress = 100, message = $2,
       time_start = coalesce(time_start, now()), time_end = now()
     WHERE parent_id = $1 AND status IN ('pending', 'running')`,
    [taskId, 'Task aborted'],
  );
  const { rows } = await tx.query<TaskRow>(
    `UPDATE tasks SET status = 'error', progress = 100, message = $2,
       time_start = coalesce(time_start, now()), time_end = now()
     WHERE id = $1 RETURNING *`,
    [taskId, message],
  );
  const row = rows[0];
  if (!row) throw new Error(`task ${taskId} vanished`);
  return row;
}

/** A reported progress as a whole percentage; anything not a finite number counts as 0. */
function finiteProgress(value: unknown): number {
  return typeof value === 'number' && Number.isFinite(value) ? Math.round(value) : 0;
}
