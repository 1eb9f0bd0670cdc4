import type { Database, Queryable } from '../../db/database.js';
import { InvalidData, notFound } from '../errors.js';
import { findTask, type TaskRow } from './model.js';
import { parseBoolParam, parseClusterIdParam } from './query-params.js';
import { listTasks, lockTaskStatus, softDeleteTaskTree } from './repository.js';

/** The word a 404 names: `/tasks` says "Task not found", `/transactions` "Transaction ...". */
export type TaskObjectName = 'Task' | 'Transaction';

/** `GET /tasks?cluster_id=`: live tasks, of one environment or (`cluster_id=`) of none. */
export async function findTasks(db: Queryable, query: { cluster_id?: string }): Promise<TaskRow[]> {
  return listTasks(db, { clusterId: parseClusterIdParam(query.cluster_id) });
}

/** A live task, or a 404 naming `objectName`. */
export async function getTask(
  db: Queryable,
  id: number,
  objectName: TaskObjectName = 'Task',
): Promise<TaskRow> {
  const task = await findTask(db, id);
  if (!task) throw notFound(objectName);

  return task;
}

export interface DeleteTaskOptions {
  /** The raw `?force=` value; a true one allows deleting a pending or running task. */
  force: string | undefined;
  now: Date;
  objectName?: TaskObjectName;
}

/**
 * Soft-deletes a finished task and its subtasks, recursively (§8.3). An unfinished one needs
 * `force`, since its orchestrator run would go on reporting to a task nobody can see.
 * Returns how many tasks it marked.
 */
export async function deleteTask(
  db: Database,
  id: number,
  options: DeleteTaskOptions,
): Promise<number> {
  const force = parseBoolParam('force', options.force);

  return db.transaction(async (tx) => {
    const status = await lockTaskStatus(tx, id);
    if (!status) throw notFound(options.objectName ?? 'Task');
    if (!force && (status === 'pending' || status === 'running')) {
      throw new InvalidData('You cannot delete running task manually');
    }

    return softDeleteTaskTree(tx, id, options.now);
  });
}
