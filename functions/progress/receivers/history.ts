import type { Queryable } from '../../db/database.js';
import type { ReportedNode } from '../types.js';

const HISTORY_STATUSES = new Set(['pending', 'ready', 'running', 'error', 'skipped']);

/**
 * Graph-task reports (`deployment_graph_task_name` + `task_status`) become rows of the task's
 * deployment history; a row never moves back from a finished state to running.
 */
export async function recordHistory(
  tx: Queryable,
  taskId: number,
  nodes: ReportedNode[],
): Promise<void> {
  const rows = nodes
    .filter((n) => n.deployment_graph_task_name && HISTORY_STATUSES.has(n.task_status ?? ''))
    .map((n) => ({
      node_id: String(n.uid),
      name: n.deployment_graph_task_name,
      status: n.task_status,
      summary: n.summary ?? {},
      custom: n.custom ?? {},
    }));
  if (rows.length === 0) return;
  await tx.query(
    `INSERT INTO deployment_history
       (task_id, node_id, deployment_graph_task_name, status, time_start, time_end, summary, custom)
     SELECT $1, r.node_id, r.name, r.status,
            CASE WHEN r.status <> 'pending' THEN now() END,
            CASE WHEN r.status IN ('ready', 'error', 'skipped') THEN now() END,
            r.summary, r.custom
     FROM jsonb_to_recordset($2::jsonb)
       AS r(node_id text, name text, status text, summary jsonb, custom jsonb)
     ON CONFLICT (task_id, node_id, deployment_graph_task_name) DO UPDATE SET
       status = EXCLUDED.status,
       time_start = coalesce(deployment_history.time_start, EXCLUDED.time_start),
       time_end = coalesce(EXCLUDED.time_end, deployment_history.time_end),
       summary = EXCLUDED.summary, custom = EXCLUDED.custom
     WHERE deployment_history.status NOT IN ('ready', 'error', 'skipped')`,
    [taskId, JSON.stringify(rows)],
  );
}
