import type { Queryable } from '../../db/database.js';
import { formatNailgunTime } from '../time.js';

export const TASK_STATUSES = ['pending', 'running', 'ready', 'error'] as const;
export type TaskStatus = (typeof TASK_STATUSES)[number];

/** Nailgun's task names (consts.TASK_NAMES) that this system creates or accepts. */
export const TASK_NAMES = [
  'super',
  'deploy',
  'deployment',
  'provision',
  'stop_deployment',
  'reset_environment',
  'node_deletion',
  'cluster_deletion',
  'check_before_deployment',
  'check_networks',
  'verify_networks',
  'dry_run_deployment',
] as const;
export type TaskName = (typeof TASK_NAMES)[number];

export interface TaskRow {
  id: number;
  uuid: string;
  cluster_id: number | null;
  parent_id: number | null;
  name: TaskName;
  status: TaskStatus;
  progress: number;
  message: string | null;
  result: unknown;
  cache: unknown;
  weight: number;
  dry_run: boolean;
  graph_type: string | null;
  time_start: Date | null;
  time_end: Date | null;
  deleted_at: Date | null;
  created_at: Date;
}

/** The task object as Nailgun serializes it. */
export interface TaskJson {
  id: number;
  uuid: string;
  name: string;
  status: TaskStatus;
  progress: number;
  message: string | null;
  result: unknown;
  cluster: number | null;
  parent_id: number | null;
  dry_run: boolean;
  graph_type: string | null;
  time_start: string | null;
  time_end: string | null;
}

export function serializeTask(row: TaskRow): TaskJson {
  return {
    id: row.id,
    uuid: row.uuid,
    name: row.name,
    status: row.status,
    progress: row.progress,
    message: row.message,
    result: row.result ?? {},
    cluster: row.cluster_id,
    parent_id: row.parent_id,
    dry_run: row.dry_run,
    graph_type: row.graph_type,
    time_start: formatNailgunTime(row.time_start),
    time_end: formatNailgunTime(row.time_end),
  };
}

export interface NewTask {
  name: TaskName;
  clusterId: number | null;
  parentId?: number | null;
  status?: TaskStatus;
  progress?: number;
  message?: string | null;
  weight?: number;
  result?: unknown;
  cache?: unknown;
  dryRun?: boolean;
  graphType?: string | null;
}

/**
 * Inserts a task. A task created already finished (synchronous work) gets both timestamps,
 * one created running gets its start time, as Nailgun's state rules say (§8.3).
 */
export async function insertTask(db: Queryable, task: NewTask): Promise<TaskRow> {
  const status = task.status ?? 'pending';
  const finished = status === 'ready' || status === 'error';
  const { rows } = await db.query<TaskRow>(
    `INSERT INTO tasks (name, cluster_id, parent_id, status, progress, message, weight, result,
                        cache, dry_run, graph_type, time_start, time_end)
     VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11,
             CASE WHEN $4 <> 'pending' THEN now() END, CASE WHEN $12 THEN now() END)
     RETURNING *`,
    [
      task.name,
      task.clusterId,
      task.parentId ?? null,
      status,
      task.progress ?? (status === 'ready' ? 100 : 0),
      task.message ?? null,
      task.weight ?? 1.0,
      JSON.stringify(task.result ?? {}),
      JSON.stringify(task.cache ?? {}),
      task.dryRun ?? false,
      task.graphType ?? null,
      finished,
    ],
  );
  const row = rows[0];
  if (!row) throw new Error('task insert returned no row');
  return row;
}

/** A task that is not soft-deleted, or undefined. */
export async function findTask(db: Queryable, id: number): Promise<TaskRow | undefined> {
  const { rows } = await db.query<TaskRow>(
    'SELECT * FROM tasks WHERE id = $1 AND deleted_at IS NULL',
    [id],
  );
  return rows[0];
}
