import type { Queryable } from '../../db/database.js';
import { formatNailgunTime } from '../time.js';

/** How one deployment graph task went on one node (Nailgun's HISTORY_TASK_STATUSES). */
export const HISTORY_STATUSES = ['pending', 'ready', 'running', 'error', 'skipped'] as const;
export type HistoryStatus = (typeof HISTORY_STATUSES)[number];

export interface HistoryRow {
  id: number;
  task_id: number;
  node_id: string;
  deployment_graph_task_name: string;
  status: HistoryStatus;
  time_start: Date | null;
  time_end: Date | null;
  custom: Record<string, unknown>;
  summary: Record<string, unknown>;
}

/** One entry of `GET /transactions/{id}/deployment_history`. */
export interface HistoryJson {
  task_name: string;
  node_id: string;
  status: HistoryStatus;
  time_start: string | null;
  time_end: string | null;
  custom: Record<string, unknown>;
  summary: Record<string, unknown>;
}

export interface HistoryFilter {
  nodeIds?: readonly string[];
  statuses?: readonly HistoryStatus[];
  taskNames?: readonly string[];
}

export interface NewHistoryEntry {
  nodeId: string;
  taskName: string;
  status?: HistoryStatus;
  timeStart?: Date | null;
  timeEnd?: Date | null;
  custom?: Record<string, unknown>;
  summary?: Record<string, unknown>;
}

export function serializeHistory(row: HistoryRow): HistoryJson {
  return {
    task_name: row.deployment_graph_task_name,
    node_id: row.node_id,
    status: row.status,
    time_start: formatNailgunTime(row.time_start),
    time_end: formatNailgunTime(row.time_end),
    custom: row.custom,
    summary: row.summary,
  };
}

/** The history of one task, in the order it was recorded; empty filters match everything. */
export async function listDeploymentHistory(
  db: Queryable,
  taskId: number,
  filter: HistoryFilter = {},
): Promise<HistoryRow[]> {
  const where = ['task_id = $1'];
  const params: unknown[] = [taskId];
  const lists: [string, readonly string[] | undefined][] = [
    ['node_id', filter.nodeIds],
    ['status', filter.statuses],
    ['deployment_graph_task_name', filter.taskNames],
  ];
  for (const [column, values] of lists) {
    if (!values || values.length === 0) continue;
    params.push(values);
    where.push(`${column} = ANY($${params.length}::text[])`);
  }
  const { rows } = await db.query<HistoryRow>(
    `SELECT * FROM deployment_history WHERE ${where.join(' AND ')} ORDER BY id`,
    params,
  );

  return rows;
}

/**
 * Records the graph tasks a transaction will run on each node (status `pending` unless given).
 * Call it inside the caller's transaction.
 */
export async function insertDeploymentHistory(
  db: Queryable,
  taskId: number,
  entries: readonly NewHistoryEntry[],
): Promise<void> {
  if (entries.length === 0) return;
  await db.query(
    `INSERT INTO deployment_history
       (task_id, node_id, deployment_graph_task_name, status, time_start, time_end, custom, summary)
     SELECT $1, e.node_id, e.task_name, e.status, e.time_start, e.time_end, e.custom, e.summary
     FROM jsonb_to_recordset($2::jsonb) AS e(node_id text, task_name text, status text,
       time_start timestamptz, time_end timestamptz, custom jsonb, summary jsonb)`,
    [taskId, JSON.stringify(entries.map(toRecord))],
  );
}

function toRecord(entry: NewHistoryEntry) {
  return {
    node_id: entry.nodeId,
    task_name: entry.taskName,
    status: entry.status ?? 'pending',
    time_start: entry.timeStart?.toISOString() ?? null,
    time_end: entry.timeEnd?.toISOString() ?? null,
    custom: entry.custom ?? {},
    summary: entry.summary ?? {},
  };
}
