import { streamSSE } from 'hono/streaming';
import { z } from 'zod';
import {
  type ClusterState,
  diffClusterState,
  lastNotificationId,
  notificationsAfter,
  readClusterState,
} from '../../core/events/cluster-state.js';
import type { Router } from '../http/route.js';

const eventsQuery = z.object({
  interval_ms: z
    .string()
    .regex(/^\d{2,5}$/, 'a number of milliseconds, 10 to 99999')
    .optional(),
});

/** A comment line every so often keeps proxies from closing an idle stream. */
const KEEPALIVE_MS = 15_000;

/**
 * GET /clusters/{id}/events: Server-Sent Events with the environment's live state. The stream
 * opens with the full state (one event per task and node), then sends what changes: `cluster`,
 * `task`, `node` and `notification` events whose data is the object as JSON. It reads the
 * database every `interval_ms` (500 by default), so it works whichever process applies progress.
 */
export function registerEventRoutes(router: Router): void {
  router.route(
    {
      method: 'get',
      path: '/clusters/{cluster_id}/events',
      tag: 'events',
      summary: 'Live progress of an environment (Server-Sent Events)',
      query: eventsQuery,
      responses: {
        200: { description: 'text/event-stream of cluster, task, node and notification events' },
        404: { description: 'No such environment' },
      },
    },
    async ({ c, params, query }) => {
      const db = c.get('deps').db;
      const clusterId = params.cluster_id ?? 0;
      let state: ClusterState | undefined = await readClusterState(db, clusterId);
      let notified = await lastNotificationId(db, clusterId);
      const interval = Number(query.interval_ms ?? 500);
      let sequence = 0;

      return streamSSE(c, async (stream) => {
        let previous: ClusterState | undefined;
        let lastSent = Date.now();
        while (!stream.aborted && state) {
          for (const change of diffClusterState(previous, state)) {
            await stream.writeSSE({
              event: change.event,
              data: JSON.stringify(change.data),
              id: String(++sequence),
            });
            lastSent = Date.now();
          }
          for (const note of await notificationsAfter(db, clusterId, notified)) {
            notified = note.id;
            await stream.writeSSE({
              event: 'notification',
              data: JSON.stringify(note),
              id: String(++sequence),
            });
            lastSent = Date.now();
          }
          if (Date.now() - lastSent > KEEPALIVE_MS) {
            await stream.write(': keepalive\n\n');
            lastSent = Date.now();
          }
          await stream.sleep(interval);
          previous = state;
          state = await readClusterState(db, clusterId).catch(() => undefined);
        }
        // The environment is gone (deleted): say so once and end the stream.
        if (!stream.aborted && !state) {
          await stream.writeSSE({
            event: 'cluster',
            data: JSON.stringify({ id: clusterId, status: 'deleted' }),
          });
        }
      });
    },
  );
}
