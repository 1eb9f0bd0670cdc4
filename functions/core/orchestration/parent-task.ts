import type { Queryable } from '../../db/database.js';
import type { TaskRow } from '../tasks/model.js';
import { applyClusterOutcome } from './cluster-outcome.js';

/**
 * Recomputes a supertask from its subtasks, as Nailgun's Task.update does (§8.3): all ready →
 * ready with the subtasks' messages joined; any error → unfinished siblings are aborted and the
 * parent fails with the distinct error messages; otherwise running with the weighted progress.
 */
export async function recomputeParent(tx: Queryable, parentId: number): Promise<void> {
  const parent = (
    await tx.query<TaskRow>('SELECT * FROM tasks WHERE id = $1 FOR UPDATE', [parentId])
  ).rows[0];
  if (!parent || parent.status === 'ready' || parent.status === 'error') return;
  const children = (
    await tx.query<TaskRow>(
      'SELECT * FROM tasks WHERE parent_id = $1 AND deleted_at IS NULL ORDER BY id',
      [parentId],
    )
  ).rows;
  if (children.length === 0) return;

  const failed = children.filter((c) => c.status === 'error');
  if (failed.length > 0) {
    await tx.query(
      `UPDATE tasks SET status = 'error', progress = 100, message = 'Task aborted',
         time_start = coalesce(time_start, now()), time_end = now()
       WHERE parent_id = $1 AND deleted_at IS NULL AND status IN ('pending', 'running')`,
      [parentId],
    );
    const messages = [...new Set(failed.map((c) => c.message).filter(Boolean))];
    await finish(tx, parent, 'error', messages.join('\n'));
    return;
  }
  if (children.every((c) => c.status === 'ready')) {
    await finish(
      tx,
      parent,
      'ready',
      children
        .map((c) => c.message ?? '')
        .filter(Boolean)
        .join('\n'),
    );
    return;
  }

  const weight = children.reduce((sum, c) => sum + c.weight, 0);
  const progress = Math.round(children.reduce((sum, c) => sum + c.weight * c.progress, 0) / weight);
  const started = children.some((c) => c.status !== 'pending');
  await tx.query(
    `UPDATE tasks SET progress = GREATEST(progress, $2),
       status = CASE WHEN $3 AND status = 'pending' THEN 'running' ELSE status END,
       time_start = CASE WHEN $3 THEN coalesce(time_start, now()) ELSE time_start END
     WHERE id = $1`,
    [parentId, Math.min(99, progress), started],
  );
}

async function finish(
  tx: Queryable,
  parent: TaskRow,
  status: 'ready' | 'error',
  message: string,
): Promise<void> {
  const { rows } = await tx.query<TaskRow>(
    `UPDATE tasks SET status = $2, progress = 100, message = $3,
       time_start = coalesce(time_start, now()), time_end = now()
     WHERE id = $1 RETURNING *`,
    [parent.id, status, message],
  );
  const updated = rows[0];
  if (updated) await applyClusterOutcome(tx, updated);
  if (updated?.parent_id) await recomputeParent(tx, updated.parent_id);
}
