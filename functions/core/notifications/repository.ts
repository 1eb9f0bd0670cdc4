import type { Queryable } from '../../db/database.js';
import type { NotificationRow, NotificationStatus } from './model.js';

export async function listNotifications(db: Queryable): Promise<NotificationRow[]> {
  const { rows } = await db.query<NotificationRow>('SELECT * FROM notifications ORDER BY id');

  return rows;
}

export async function findNotification(
  db: Queryable,
  id: number,
): Promise<NotificationRow | undefined> {
  const { rows } = await db.query<NotificationRow>('SELECT * FROM notifications WHERE id = $1', [
    id,
  ]);

  return rows[0];
}

/** The notifications of `ids` that exist, in id order. */
export async function findNotifications(
  db: Queryable,
  ids: readonly number[],
): Promise<NotificationRow[]> {
  const { rows } = await db.query<NotificationRow>(
    'SELECT * FROM notifications WHERE id = ANY($1::int[]) ORDER BY id',
    [ids],
  );

  return rows;
}

/** Sets the status of each listed notification (one statement); returns the changed rows. */
export async function setStatuses(
  db: Queryable,
  changes: readonly { id: number; status: NotificationStatus }[],
): Promise<NotificationRow[]> {
  const { rows } = await db.query<NotificationRow>(
    `UPDATE notifications n SET status = c.status
     FROM jsonb_to_recordset($1::jsonb) AS c(id int, status text)
     WHERE n.id = c.id
     RETURNING n.*`,
    [JSON.stringify(changes)],
  );

  return rows;
}

/** Sets the status of every notification. */
export async function setAllStatuses(db: Queryable, status: NotificationStatus): Promise<void> {
  await db.query('UPDATE notifications SET status = $1 WHERE status <> $1', [status]);
}

/** Deletes one notification; false when it did not exist. */
export async function deleteNotification(db: Queryable, id: number): Promise<boolean> {
  const { rowCount } = await db.query('DELETE FROM notifications WHERE id = $1', [id]);

  return rowCount > 0;
}

/** How many notifications there are of each status. */
export async function countByStatus(db: Queryable): Promise<Record<NotificationStatus, number>> {
  const { rows } = await db.query<{ status: NotificationStatus; count: number }>(
    'SELECT status, count(*)::int AS count FROM notifications GROUP BY status',
  );
  const counts: Record<NotificationStatus, number> = { read: 0, unread: 0 };
  for (const row of rows) counts[row.status] = row.count;

  return counts;
}

/** Which of the referenced environment, node and task do not exist. */
export async function missingReferences(
  db: Queryable,
  refs: { clusterId: number | null; nodeId: number | null; taskId: number | null },
): Promise<{ cluster: boolean; node: boolean; task: boolean }> {
  const { rows } = await db.query<{ cluster: boolean; node: boolean; task: boolean }>(
    `SELECT $1::int IS NOT NULL AND NOT EXISTS (SELECT 1 FROM clusters WHERE id = $1) AS cluster,
            $2::int IS NOT NULL AND NOT EXISTS (SELECT 1 FROM nodes WHERE id = $2) AS node,
            $3::int IS NOT NULL AND NOT EXISTS (SELECT 1 FROM tasks WHERE id = $3) AS task`,
    [refs.clusterId, refs.nodeId, refs.taskId],
  );

  return rows[0] ?? { cluster: false, node: false, task: false };
}
