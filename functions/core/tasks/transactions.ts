import type { Queryable } from '../../db/database.js';
import { notFound } from '../errors.js';
import {
  HISTORY_STATUSES,
  type HistoryJson,
  listDeploymentHistory,
  serializeHistory,
} from './deployment-history.js';
import { serializeTask, TASK_STATUSES, type TaskRow } from './model.js';
import { NAILGUN_TASK_NAMES } from './names.js';
import { onlyAllowed, parseClusterIdParam, parseListParam } from './query-params.js';
import { listTasks } from './repository.js';
import { getTask } from './service.js';
import { readTransactionData, type TransactionDataKind } from './transaction-data.js';

/** A task as `/transactions` shows it: the task object without `parent_id`. */
export function serializeTransaction(row: TaskRow) {
  const { parent_id: _parent, ...transaction } = serializeTask(row);

  return transaction;
}
export type TransactionJson = ReturnType<typeof serializeTransaction>;

export interface TransactionQuery {
  cluster_id?: string;
  statuses?: string;
  transaction_types?: string;
}

/** `GET /transactions`: live tasks filtered by environment, statuses and names (comma lists). */
export async function findTransactions(db: Queryable, query: TransactionQuery): Promise<TaskRow[]> {
  const statuses = onlyAllowed(
    parseListParam(query.statuses),
    TASK_STATUSES,
    `Statuses parameter could only be one of: ${TASK_STATUSES.join(', ')}`,
  );
  const names = onlyAllowed(
    parseListParam(query.transaction_types),
    NAILGUN_TASK_NAMES,
    `Transaction types parameter could only be one of: ${NAILGUN_TASK_NAMES.join(', ')}`,
  );
  // Unlike /tasks, an empty cluster_id here means "any environment", as in Nailgun.
  const clusterId = parseClusterIdParam(query.cluster_id) ?? undefined;

  return listTasks(db, { clusterId, statuses, names });
}

/** A snapshot a transaction recorded (`{}` when none), or 404 "Transaction not found". */
export async function getTransactionData(
  db: Queryable,
  id: number,
  kind: TransactionDataKind,
): Promise<unknown> {
  const data = await readTransactionData(db, id, kind);
  if (data === undefined) throw notFound('Transaction');

  return data;
}

export interface HistoryQuery {
  nodes?: string;
  statuses?: string;
  tasks_names?: string;
}

/** `GET /transactions/{id}/deployment_history`, filtered by nodes, statuses and task names. */
export async function getDeploymentHistory(
  db: Queryable,
  id: number,
  query: HistoryQuery,
): Promise<HistoryJson[]> {
  const statuses = onlyAllowed(
    parseListParam(query.statuses),
    HISTORY_STATUSES,
    `Statuses parameter could be only: ${HISTORY_STATUSES.join(', ')}`,
  );
  await getTask(db, id, 'Transaction');
  const rows = await listDeploymentHistory(db, id, {
    nodeIds: parseListParam(query.nodes),
    statuses,
    taskNames: parseListParam(query.tasks_names),
  });

  return rows.map(serializeHistory);
}
