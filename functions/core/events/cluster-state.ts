import type { Queryable } from '../../db/database.js';
import { notFound } from '../errors.js';

/** What operators watch of an environment: its status, its tasks and its nodes. */
export interface ClusterState {
  cluster: { id: number; name: string; status: string };
  tasks: Map<number, TaskView>;
  nodes: Map<number, NodeView>;
}

export interface TaskView {
  id: number;
  uuid: string;
  name: string;
  parent_id: number | null;
  status: string;
  progress: number;
  message: string | null;
}

export interface NodeView {
  id: number;
  name: string;
  hostname: string;
  roles: string[];
  status: string;
  progress: number;
  error_type: string | null;
  online: boolean;
}

export interface NotificationView {
  id: number;
  topic: string;
  message: string;
  node_id: number | null;
  task_id: number | null;
}

/** Reads an environment's state in three queries (what one tick of the event stream costs). */
export async function readClusterState(db: Queryable, clusterId: number): Promise<ClusterState> {
  const clusters = await db.query<ClusterState['cluster']>(
    'SELECT id, name, status FROM clusters WHERE id = $1',
    [clusterId],
  );
  const cluster = clusters.rows[0];
  if (!cluster) throw notFound('Cluster');
  const tasks = await db.query<TaskView>(
    `SELECT id, uuid::text AS uuid, name, parent_id, status, progress, message FROM tasks
     WHERE cluster_id = $1 AND deleted_at IS NULL ORDER BY id`,
    [clusterId],
  );
  const nodes = await db.query<NodeView>(
    `SELECT id, name, coalesce(hostname, 'node-' || id) AS hostname,
            roles || pending_roles AS roles, status, progress, error_type, online
     FROM nodes WHERE cluster_id = $1 ORDER BY id`,
    [clusterId],
  );

  return {
    cluster,
    tasks: new Map(tasks.rows.map((t) => [t.id, t])),
    nodes: new Map(nodes.rows.map((n) => [n.id, n])),
  };
}

/** Notifications of an environment newer than `afterId`, oldest first. */
export async function notificationsAfter(
  db: Queryable,
  clusterId: number,
  afterId: number,
): Promise<NotificationView[]> {
  const { rows } = await db.query<NotificationView>(
    `SELECT id, topic, message, node_id, task_id FROM notifications
     WHERE cluster_id = $1 AND id > $2 ORDER BY id LIMIT 100`,
    [clusterId, afterId],
  );
  return rows;
}

/** The latest notification id of an environment (where a new stream starts). */
export async function lastNotificationId(db: Queryable, clusterId: number): Promise<number> {
  const { rows } = await db.query<{ id: number | null }>(
    'SELECT max(id) AS id FROM notifications WHERE cluster_id = $1',
    [clusterId],
  );
  return rows[0]?.id ?? 0;
}

export type ClusterEvent =
  | { event: 'cluster'; data: ClusterState['cluster'] }
  | { event: 'task'; data: TaskView }
  | { event: 'node'; data: NodeView }
  | { event: 'notification'; data: NotificationView };

/**
 * The changes from one state to the next, as events: the environment's status, each task and
 * node that changed (or appeared), in that order. `previous` undefined gives the full state.
 */
export function diffClusterState(
  previous: ClusterState | undefined,
  next: ClusterState,
): ClusterEvent[] {
  const events: ClusterEvent[] = [];
  if (!previous || previous.cluster.status !== next.cluster.status) {
    events.push({ event: 'cluster', data: next.cluster });
  }
  for (const [id, task] of next.tasks) {
    if (!same(previous?.tasks.get(id), task)) events.push({ event: 'task', data: task });
  }
  for (const [id, node] of next.nodes) {
    if (!same(previous?.nodes.get(id), node)) events.push({ event: 'node', data: node });
  }
  return events;
}

function same(a: object | undefined, b: object): boolean {
  return a !== undefined && JSON.stringify(a) === JSON.stringify(b);
}
