import { z } from 'zod';
import { NOTIFICATION_TOPICS } from '../../core/notifications/create.js';
import { NOTIFICATION_STATUSES } from '../../core/notifications/model.js';
import {
  changeAllNotifications,
  changeNotification,
  changeNotifications,
  findAllNotifications,
  getNotification,
  notificationStats,
  postNotification,
  removeNotification,
} from '../../core/notifications/service.js';
import { paginate, paginationQuery } from '../http/pagination.js';
import { reply } from '../http/reply.js';
import type { Router } from '../http/route.js';

const MAX_ID = 2_147_483_647;
const reference = z.number().int().positive().max(MAX_ID).nullable().optional();
const statusField = z
  .unknown()
  .optional()
  .describe(`one of: ${NOTIFICATION_STATUSES.join(', ')}`);

const notificationJson = z
  .object({
    id: z.number().int(),
    cluster: z.number().int().nullable(),
    topic: z.enum(NOTIFICATION_TOPICS),
    message: z.string(),
    status: z.enum(NOTIFICATION_STATUSES),
    node_id: z.number().int().nullable(),
    task_id: z.number().int().nullable(),
    time: z.string().describe('HH:MM:SS, UTC'),
    date: z.string().describe('DD-MM-YYYY, UTC'),
  })
  .meta({ id: 'Notification' });

/** Topic, message and status are checked by the service, which has Nailgun's texts for them. */
const notificationCreate = z
  .looseObject({
    topic: z
      .unknown()
      .optional()
      .describe(`one of: ${NOTIFICATION_TOPICS.join(', ')}`),
    message: z.unknown().optional().describe('a non-empty string'),
    status: statusField,
    cluster_id: reference,
    node_id: reference.describe('required for the discover topic'),
    task_id: reference,
  })
  .meta({ id: 'NotificationCreate' });

const statusChange = z.looseObject({ status: statusField }).meta({ id: 'NotificationStatus' });

const bulkChange = z
  .unknown()
  .describe('A list of {"id": <notification id>, "status": "read" | "unread"}')
  .meta({ id: 'NotificationBulkUpdate' });

const stats = z
  .object({ total: z.number().int(), read: z.number().int(), unread: z.number().int() })
  .meta({ id: 'NotificationStats' });

/** Notifications: the operator's message feed (discoveries, finished and failed deployments). */
export function registerNotificationRoutes(router: Router): void {
  registerCollectionRoutes(router);
  registerSingleRoutes(router);
}

function registerCollectionRoutes(router: Router): void {
  const tag = 'notifications';

  router.route(
    {
      method: 'get',
      path: '/notifications',
      tag,
      summary: 'List notifications',
      query: paginationQuery,
      responses: {
        200: {
          description: 'Notifications (Content-Range when paged)',
          schema: z.array(notificationJson),
        },
        400: { description: 'Bad limit or offset' },
        416: { description: 'Offset past the end' },
      },
    },
    async ({ c, query }) => {
      const page = paginate(await findAllNotifications(c.get('deps').db), query);
      const headers: Record<string, string> = {};
      if (page.contentRange) headers['Content-Range'] = page.contentRange;

      return reply(c, page.items, 200, headers);
    },
  );

  router.route(
    {
      method: 'post',
      path: '/notifications',
      tag,
      summary: 'Post a notification',
      body: notificationCreate,
      responses: {
        201: { description: 'Created', schema: notificationJson },
        400: { description: 'Unknown topic, no message, bad status or unknown reference' },
      },
    },
    async ({ c, body }) => {
      const { db, now } = c.get('deps');

      return reply(c, await postNotification(db, body, now()), 201);
    },
  );

  router.route(
    {
      method: 'put',
      path: '/notifications',
      tag,
      summary: 'Change the status of several notifications (all or nothing)',
      body: bulkChange,
      responses: {
        200: { description: 'The changed notifications', schema: z.array(notificationJson) },
        400: { description: 'Not a list, an entry without id or status, or an unknown id' },
      },
    },
    async ({ c, body }) => reply(c, await changeNotifications(c.get('deps').db, body)),
  );

  router.route(
    {
      method: 'get',
      path: '/notifications/stats',
      tag,
      summary: 'Count notifications by status',
      responses: { 200: { description: 'Counters', schema: stats } },
    },
    async ({ c }) => reply(c, await notificationStats(c.get('deps').db)),
  );

  router.route(
    {
      method: 'put',
      path: '/notifications/change_status',
      tag,
      summary: 'Set the status of every notification',
      body: statusChange,
      responses: {
        200: { description: 'Done; the body is null' },
        400: { description: 'Bad status' },
      },
    },
    async ({ c, body }) => {
      await changeAllNotifications(c.get('deps').db, body);

      return reply(c, null);
    },
  );
}

function registerSingleRoutes(router: Router): void {
  const tag = 'notifications';
  const path = '/notifications/{notification_id}';
  const notFound = { description: 'Notification not found' };

  router.route(
    {
      method: 'get',
      path,
      tag,
      summary: 'Show a notification',
      responses: {
        200: { description: 'The notification', schema: notificationJson },
        404: notFound,
      },
    },
    async ({ c, params }) =>
      reply(c, await getNotification(c.get('deps').db, params.notification_id ?? 0)),
  );

  router.route(
    {
      method: 'put',
      path,
      tag,
      summary: 'Mark a notification read or unread',
      body: statusChange,
      responses: {
        200: { description: 'The notification', schema: notificationJson },
        400: { description: 'Bad status' },
        404: notFound,
      },
    },
    async ({ c, params, body }) =>
      reply(c, await changeNotification(c.get('deps').db, params.notification_id ?? 0, body)),
  );

  router.route(
    {
      method: 'delete',
      path,
      tag,
      summary: 'Delete a notification',
      responses: { 204: { description: 'Deleted' }, 404: notFound },
    },
    async ({ c, params }) => {
      await removeNotification(c.get('deps').db, params.notification_id ?? 0);

      return reply(c, null, 204);
    },
  );
}
