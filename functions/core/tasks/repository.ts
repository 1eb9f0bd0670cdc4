import type { Queryable } from '../../db/database.js';
import type { TaskRow, TaskStatus } from './model.js';

/** The columns of {@link TaskRow}; the transaction snapshots stay out of list queries. */
const TASK_COLUMNS = `id, uuid, cluster_id, parent_id, name, status, progress, message, result,
  cache, weight, dry_run, graph_type, time_start, time_end, deleted_at, created_at`;

export interface TaskFilter {
  /** An environment's id, or null for tasks of no environment; undefined means any. */
  clusterId?: number | null;
  statuses?: readonly TaskStatus[];
  names?: readonly string[];
}

/** Tasks that are not soft-deleted, oldest first. */
export async function listTasks(db: Queryable, filter: TaskFilter = {}): Promise<TaskRow[]> {
  const where = ['deleted_at IS NULL'];
  const params: unknown[] = [];
  if (filter.clusterId === null) where.push('cluster_id IS NULL');
  if (typeof filter.clusterId === 'number') {
    params.push(filter.clusterId);
    where.push(`cluster_id = $${params.length}`);
  }
  if (filter.statuses && filter.statuses.length > 0) {
    params.push(filter.statuses);
    where.push(`status = ANY($${params.length}::text[])`);
  }
  if (filter.names && filter.names.length > 0) {
    params.push(filter.names);
    where.push(`name = ANY($${params.length}::text[])`);
  }
  const { rows } = await db.query<TaskRow>(
    `SELECT ${TASK_COLUMNS} FROM tasks WHERE ${where.join(' AND ')} ORDER BY id`,
    params,
  );

  return rows;
}

/** The status of a live task, locked until the transaction ends; undefined when none. */
export async function lockTaskStatus(tx: Queryable, id: number): Promise<TaskStatus | undefined> {
  const { rows } = await tx.query<{ status: TaskStatus }>(
    'SELECT status FROM tasks WHERE id = $1 AND deleted_at IS NULL FOR UPDATE',
    [id],
  );

  return rows[0]?.status;
}

/**
 * Marks a task and all its descendants deleted at `at` (Nailgun's soft delete); returns how
 * many rows it marked. Descendants deleted earlier keep their first deletion time.
 */
export async function softDeleteTaskTree(tx: Queryable, id: number, at: Date): Promise<number> {
  const { rowCount } = await tx.query(
    `WITH RECURSIVE tree AS (
       SELECT id FROM tasks WHERE id = $1
       UNION ALL
       SELECT t.id FROM tasks t JOIN tree ON t.parent_id = tree.id
     )
     UPDATE tasks SET deleted_at = $2
     WHERE id IN (SELECT id FROM tree) AND deleted_at IS NULL`,
    [id, at],
  );

  return rowCount;
}
