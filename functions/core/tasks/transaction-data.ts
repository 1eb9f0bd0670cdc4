import type { Queryable } from '../../db/database.js';

/** What a deployment transaction records about itself, by the name of its GET route. */
export const TRANSACTION_DATA = {
  deployment_info: 'deployment_info',
  settings: 'cluster_settings',
  network_configuration: 'network_settings',
} as const;
export type TransactionDataKind = keyof typeof TRANSACTION_DATA;

export interface TransactionData {
  deploymentInfo?: unknown;
  clusterSettings?: unknown;
  networkSettings?: unknown;
}

/**
 * The stored snapshot of a live task, `{}` when it has none, undefined when the task does not
 * exist or is soft-deleted.
 */
export async function readTransactionData(
  db: Queryable,
  id: number,
  kind: TransactionDataKind,
): Promise<unknown> {
  const column = TRANSACTION_DATA[kind];
  const { rows } = await db.query<{ data: unknown }>(
    `SELECT coalesce(nullif(${column}, 'null'::jsonb), '{}'::jsonb) AS data FROM tasks
     WHERE id = $1 AND deleted_at IS NULL`,
    [id],
  );

  return rows[0]?.data;
}

/**
 * Stores the snapshots a deployment transaction takes when it starts; a field left undefined
 * keeps its stored value. Call it inside the caller's transaction.
 */
export async function attachTransactionData(
  db: Queryable,
  taskId: number,
  data: TransactionData,
): Promise<void> {
  const json = (value: unknown) => (value === undefined ? null : JSON.stringify(value));
  await db.query(
    `UPDATE tasks SET deployment_info = coalesce($2::jsonb, deployment_info),
                      cluster_settings = coalesce($3::jsonb, cluster_settings),
                      network_settings = coalesce($4::jsonb, network_settings)
     WHERE id = $1`,
    [taskId, json(data.deploymentInfo), json(data.clusterSettings), json(data.networkSettings)],
  );
}
