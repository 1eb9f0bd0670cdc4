import type { Queryable } from '../../db/database.js';
import type { NotificationStatus } from './model.js';

export const NOTIFICATION_TOPICS = ['discover', 'done', 'error', 'warning', 'release'] as const;
export type NotificationTopic = (typeof NOTIFICATION_TOPICS)[number];

export interface NewNotification {
  topic: NotificationTopic;
  message: string;
  clusterId?: number | null;
  nodeId?: number | null;
  taskId?: number | null;
  /** Defaults to `unread`. */
  status?: NotificationStatus;
  /** Defaults to the database's clock. */
  createdAt?: Date;
}

/** Records a notification for operators; returns its id. Call it inside the caller's transaction. */
export async function createNotification(db: Queryable, n: NewNotification): Promise<number> {
  const { rows } = await db.query<{ id: number }>(
    `INSERT INTO notifications (topic, message, cluster_id, node_id, task_id, status, created_at)
     VALUES ($1, $2, $3, $4, $5, $6, coalesce($7::timestamptz, now())) RETURNING id`,
    [
      n.topic,
      n.message,
      n.clusterId ?? null,
      n.nodeId ?? null,
      n.taskId ?? null,
      n.status ?? 'unread',
      n.createdAt ?? null,
    ],
  );
  const row = rows[0];
  if (!row) throw new Error('notification insert returned no row');
  return row.id;
}
