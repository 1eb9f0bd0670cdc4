import type { Queryable } from '../db/database.js';

/** A node's reported state, normalized for the monotonic update below. */
export interface NodeReport {
  id: number;
  status: string | null;
  progress: number | null;
  errorType: string | null;
  errorMsg: string | null;
  online: boolean | null;
}

/**
 * How far along a node is within one kind of task. A report that ranks lower than what is
 * stored, or the same rank with less progress, is late or duplicated and changes nothing.
 * A ready node with progress below 100 is being deployed again, so it ranks as not started.
 */
const RANK = {
  provision: `CASE %s WHEN 'error' THEN 3 WHEN 'provisioned' THEN 2 WHEN 'provisioning' THEN 1
              ELSE 0 END`,
  deploy: `CASE WHEN %s = 'error' THEN 3 WHEN %s = 'ready' AND %p = 100 THEN 2
            WHEN %s = 'deploying' THEN 1 ELSE 0 END`,
} as const;

export type ProgressKind = keyof typeof RANK;

function rank(kind: ProgressKind, status: string, progress: string): string {
  return RANK[kind].replaceAll('%s', status).replaceAll('%p', progress);
}

/**
 * Applies node reports of one environment in one statement, never moving a node backwards.
 * Returns the ids of the nodes that changed.
 */
export async function applyNodeReports(
  tx: Queryable,
  clusterId: number | null,
  kind: ProgressKind,
  reports: NodeReport[],
): Promise<number[]> {
  if (reports.length === 0) return [];
  const stored = rank(kind, 'n.status', 'n.progress');
  const incoming = rank(kind, 'coalesce(m.status, n.status)', 'coalesce(m.progress, 100)');
  const { rows } = await tx.query<{ id: number }>(
    `UPDATE nodes n SET
       status = coalesce(m.status, n.status),
       progress = CASE WHEN m.status = 'error' OR m.online = false THEN 100
                       ELSE coalesce(m.progress, n.progress) END,
       error_type = CASE WHEN m.status = 'error' THEN coalesce(m.error_type, n.error_type)
                         ELSE n.error_type END,
       error_msg = CASE WHEN m.status = 'error' THEN coalesce(m.error_msg, n.error_msg,
                                                              'Unknown error')
                        WHEN m.online = false THEN coalesce(n.error_msg, 'Node is offline')
                        ELSE n.error_msg END,
       online = coalesce(m.online, n.online)
     FROM jsonb_to_recordset($2::jsonb)
       AS m(id int, status text, progress int, error_type text, error_msg text, online boolean)
     WHERE n.id = m.id AND n.cluster_id IS NOT DISTINCT FROM $1
       AND ((${incoming}) > (${stored})
            OR ((${incoming}) = (${stored}) AND coalesce(m.progress, 0) > n.progress)
            OR m.online = false)
     RETURNING n.id`,
    [
      clusterId,
      JSON.stringify(
        reports.map((r) => ({
          id: r.id,
          status: r.status,
          progress: r.progress,
          error_type: r.errorType,
          error_msg: r.errorMsg,
          online: r.online,
        })),
      ),
    ],
  );

  return rows.map((r) => r.id);
}

/** Mean progress of a task's nodes, the task's progress when a report carries none. */
export async function meanNodeProgress(tx: Queryable, nodeIds: number[]): Promise<number> {
  if (nodeIds.length === 0) return 0;
  const { rows } = await tx.query<{ mean: number | null }>(
    `SELECT round(avg(CASE WHEN NOT online THEN 100 WHEN status = 'discover' THEN 0
                           ELSE progress END))::int AS mean
     FROM nodes WHERE id = ANY($1::int[])`,
    [nodeIds],
  );

  return rows[0]?.mean ?? 0;
}
