import type { NotificationTopic } from './create.js';

export const NOTIFICATION_STATUSES = ['read', 'unread'] as const;
export type NotificationStatus = (typeof NOTIFICATION_STATUSES)[number];

export interface NotificationRow {
  id: number;
  cluster_id: number | null;
  node_id: number | null;
  task_id: number | null;
  topic: NotificationTopic;
  message: string;
  status: NotificationStatus;
  created_at: Date;
}

/** The notification object as Nailgun serializes it; `time` and `date` are UTC. */
export interface NotificationJson {
  id: number;
  cluster: number | null;
  topic: NotificationTopic;
  message: string;
  status: NotificationStatus;
  node_id: number | null;
  task_id: number | null;
  /** `HH:MM:SS` */
  time: string;
  /** `DD-MM-YYYY` */
  date: string;
}

export function serializeNotification(row: NotificationRow): NotificationJson {
  const iso = row.created_at.toISOString();

  return {
    id: row.id,
    cluster: row.cluster_id,
    topic: row.topic,
    message: row.message,
    status: row.status,
    node_id: row.node_id,
    task_id: row.task_id,
    time: iso.slice(11, 19),
    date: `${iso.slice(8, 10)}-${iso.slice(5, 7)}-${iso.slice(0, 4)}`,
  };
}

export function isNotificationStatus(value: unknown): value is NotificationStatus {
  return NOTIFICATION_STATUSES.some((s) => s === value);
}
