import type { Queryable } from '../../../db/database.js';

export type FactsKind = 'provisioning' | 'deployment';

/** Node id under which the facts shared by every node of a deployment are kept. */
export const COMMON_FACTS_NODE = 0;

export interface FactsRow {
  nodeId: number;
  kind: FactsKind;
  facts: unknown;
}

/** Freezes facts for a task in one statement (a retried step then sees what the first saw). */
export async function saveFacts(tx: Queryable, taskId: number, rows: FactsRow[]): Promise<void> {
  if (rows.length === 0) return;
  await tx.query(
    `INSERT INTO node_facts (task_id, node_id, kind, facts)
     SELECT $1, r.node_id, r.kind, r.facts
     FROM jsonb_to_recordset($2::jsonb) AS r(node_id int, kind text, facts jsonb)
     ON CONFLICT (task_id, node_id, kind) DO UPDATE SET facts = EXCLUDED.facts`,
    [
      taskId,
      JSON.stringify(rows.map((r) => ({ node_id: r.nodeId, kind: r.kind, facts: r.facts }))),
    ],
  );
}

/** The frozen facts of one node of a task, or undefined. */
export async function loadFacts(
  db: Queryable,
  taskId: number,
  nodeId: number,
  kind: FactsKind,
): Promise<unknown> {
  const { rows } = await db.query<{ facts: unknown }>(
    'SELECT facts FROM node_facts WHERE task_id = $1 AND node_id = $2 AND kind = $3',
    [taskId, nodeId, kind],
  );

  return rows[0]?.facts;
}
