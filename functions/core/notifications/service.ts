import type { Database, Queryable } from '../../db/database.js';
import { InvalidData, notFound } from '../errors.js';
import { createNotification, NOTIFICATION_TOPICS, type NotificationTopic } from './create.js';
import {
  isNotificationStatus,
  type NotificationJson,
  type NotificationStatus,
  serializeNotification,
} from './model.js';
import {
  countByStatus,
  deleteNotification,
  findNotification,
  findNotifications,
  listNotifications,
  missingReferences,
  setAllStatuses,
  setStatuses,
} from './repository.js';

/** `POST /notifications` after schema checks; topic, message and status are checked here. */
export interface NotificationInput {
  topic?: unknown;
  message?: unknown;
  status?: unknown;
  cluster_id?: number | null;
  node_id?: number | null;
  task_id?: number | null;
}

export async function findAllNotifications(db: Queryable): Promise<NotificationJson[]> {
  return (await listNotifications(db)).map(serializeNotification);
}

/** A notification, or 404 "Notification not found". */
export async function getNotification(db: Queryable, id: number): Promise<NotificationJson> {
  const row = await findNotification(db, id);
  if (!row) throw notFound('Notification');

  return serializeNotification(row);
}

/** Records a notification an operator or tool posts, stamped with `now`. */
export async function postNotification(
  db: Database,
  input: NotificationInput,
  now: Date,
): Promise<NotificationJson> {
  const topic = checkTopic(input.topic);
  if (typeof input.message !== 'string' || input.message.trim() === '') {
    throw new InvalidData('Notification message is required');
  }
  const status = input.status === undefined ? 'unread' : checkStatus(input.status);
  const refs = {
    clusterId: input.cluster_id ?? null,
    nodeId: input.node_id ?? null,
    taskId: input.task_id ?? null,
  };
  if (topic === 'discover' && refs.nodeId === null) {
    throw new InvalidData('No node id in discover notification', { plainText: true });
  }
  const message = input.message;

  return db.transaction(async (tx) => {
    await checkReferences(tx, refs);
    const id = await createNotification(tx, { topic, message, status, ...refs, createdAt: now });

    return getNotification(tx, id);
  });
}

/** `PUT /notifications/{id}`: only `status` may change. */
export async function changeNotification(
  db: Database,
  id: number,
  body: { status?: unknown },
): Promise<NotificationJson> {
  return db.transaction(async (tx) => {
    await getNotification(tx, id);
    const [row] = await setStatuses(tx, [{ id, status: checkStatus(body.status) }]);
    if (!row) throw notFound('Notification');

    return serializeNotification(row);
  });
}

/**
 * `PUT /notifications`: `[{"id": N, "status": "read"}, ...]`, all or nothing. Answers the
 * notifications in the order of the request.
 */
export async function changeNotifications(
  db: Database,
  body: unknown,
): Promise<NotificationJson[]> {
  const changes = readChanges(body);

  return db.transaction(async (tx) => {
    const ids = [...new Set(changes.map((c) => c.id))];
    if ((await findNotifications(tx, ids)).length !== ids.length) {
      throw new InvalidData('Invalid ID specified');
    }
    const latest = new Map(changes.map((c) => [c.id, checkStatus(c.status)]));
    const rows = await setStatuses(
      tx,
      [...latest].map(([id, status]) => ({ id, status })),
    );
    const byId = new Map(rows.map((r) => [r.id, serializeNotification(r)]));

    return changes.flatMap((c) => byId.get(c.id) ?? []);
  });
}

/** `PUT /notifications/change_status`: marks every notification `read` or `unread`. */
export async function changeAllNotifications(
  db: Queryable,
  body: { status?: unknown },
): Promise<void> {
  await setAllStatuses(db, checkStatus(body.status));
}

export async function removeNotification(db: Queryable, id: number): Promise<void> {
  if (!(await deleteNotification(db, id))) throw notFound('Notification');
}

/** `GET /notifications/stats`: `{total, read, unread}`. */
export async function notificationStats(db: Queryable) {
  const counts = await countByStatus(db);

  return { total: counts.read + counts.unread, ...counts };
}

function checkTopic(topic: unknown): NotificationTopic {
  const known = NOTIFICATION_TOPICS.find((t) => t === topic);
  if (!known) throw new InvalidData('Notification topic is not found or invalid');

  return known;
}

function checkStatus(status: unknown): NotificationStatus {
  if (!isNotificationStatus(status)) throw new InvalidData('Bad status');

  return status;
}

function readChanges(body: unknown): { id: number; status: unknown }[] {
  if (!Array.isArray(body)) throw new InvalidData('Invalid json list');

  return body.map((item: unknown) => {
    if (typeof item !== 'object' || item === null || !('id' in item) || !('status' in item)) {
      throw new InvalidData('ID is not set correctly');
    }
    const { id, status } = item;
    if (typeof id !== 'number' || !Number.isSafeInteger(id) || id < 1 || id > 2_147_483_647) {
      throw new InvalidData('Invalid ID specified');
    }

    return { id, status };
  });
}

async function checkReferences(
  db: Queryable,
  refs: { clusterId: number | null; nodeId: number | null; taskId: number | null },
): Promise<void> {
  const missing = await missingReferences(db, refs);
  if (missing.cluster) throw new InvalidData(`Cluster with id ${refs.clusterId} not found`);
  if (missing.node) throw new InvalidData(`Node with id ${refs.nodeId} not found`);
  if (missing.task) throw new InvalidData(`Task with id ${refs.taskId} not found`);
}
