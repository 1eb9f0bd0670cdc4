import { z } from 'zod';
import { HISTORY_STATUSES } from '../../core/tasks/deployment-history.js';
import { TASK_STATUSES } from '../../core/tasks/model.js';
import { deleteTask, getTask } from '../../core/tasks/service.js';
import { TRANSACTION_DATA, type TransactionDataKind } from '../../core/tasks/transaction-data.js';
import {
  findTransactions,
  getDeploymentHistory,
  getTransactionData,
  serializeTransaction,
} from '../../core/tasks/transactions.js';
import { reply } from '../http/reply.js';
import type { Router } from '../http/route.js';

/** A task as `/transactions` shows it; `/tasks` adds `parent_id`. */
export const transactionSchema = z
  .object({
    id: z.number().int(),
    uuid: z.string(),
    name: z.string(),
    status: z.enum(TASK_STATUSES),
    progress: z.number().int(),
    message: z.string().nullable(),
    result: z.unknown(),
    cluster: z.number().int().nullable(),
    dry_run: z.boolean(),
    graph_type: z.string().nullable(),
    time_start: z.string().nullable().describe('YYYY-MM-DDTHH:MM:SS.ffffff, UTC'),
    time_end: z.string().nullable(),
  })
  .meta({ id: 'Transaction' });

/** `?force=1` lets DELETE remove a pending or running task. */
export const forceQuery = z.object({
  force: z.string().optional().describe('1/true to delete a pending or running task'),
});

const historyEntry = z
  .object({
    task_name: z.string(),
    node_id: z.string(),
    status: z.enum(HISTORY_STATUSES),
    time_start: z.string().nullable(),
    time_end: z.string().nullable(),
    custom: z.record(z.string(), z.unknown()),
    summary: z.record(z.string(), z.unknown()),
  })
  .meta({ id: 'DeploymentHistoryEntry' });

const DATA_SUMMARIES: Record<TransactionDataKind, string> = {
  deployment_info: 'The deployment facts a transaction sent to the orchestrator',
  settings: "The environment's settings when the transaction started",
  network_configuration: "The environment's network configuration when it started",
};

const tag = 'transactions';

/** Transactions: tasks as `fuel2 task list/show/delete` and the history views see them. */
export function registerTransactionRoutes(router: Router): void {
  registerCollectionRoutes(router);
  registerSingleRoutes(router);
  registerRecordRoutes(router);
}

function registerCollectionRoutes(router: Router): void {
  router.route(
    {
      method: 'get',
      path: '/transactions',
      tag,
      summary: 'List transactions (tasks that are not deleted)',
      query: z.object({
        cluster_id: z.string().optional(),
        statuses: z.string().optional().describe('comma list of task statuses'),
        transaction_types: z.string().optional().describe('comma list of task names'),
      }),
      responses: {
        200: { description: 'Transactions, oldest first', schema: z.array(transactionSchema) },
        400: { description: 'Unknown status or transaction type' },
      },
    },
    async ({ c, query }) => {
      const rows = await findTransactions(c.get('deps').db, query);

      return reply(c, rows.map(serializeTransaction));
    },
  );
}

function registerSingleRoutes(router: Router): void {
  router.route(
    {
      method: 'get',
      path: '/transactions/{transaction_id}',
      tag,
      summary: 'Show a transaction',
      responses: {
        200: { description: 'The transaction', schema: transactionSchema },
        404: { description: 'Transaction not found' },
      },
    },
    async ({ c, params }) => {
      const task = await getTask(c.get('deps').db, params.transaction_id ?? 0, 'Transaction');

      return reply(c, serializeTransaction(task));
    },
  );

  router.route(
    {
      method: 'delete',
      path: '/transactions/{transaction_id}',
      tag,
      summary: 'Delete a transaction and its subtasks (soft delete)',
      query: forceQuery,
      responses: {
        204: { description: 'Deleted' },
        400: { description: 'The transaction is pending or running and force is not set' },
        404: { description: 'Transaction not found' },
      },
    },
    async ({ c, params, query }) => {
      const { db, now } = c.get('deps');
      const id = params.transaction_id ?? 0;
      const options = { force: query.force, now: now(), objectName: 'Transaction' as const };
      const deleted = await deleteTask(db, id, options);
      c.get('log').info('task deleted', { task_id: id, tasks_marked: deleted });

      return reply(c, null, 204);
    },
  );
}

/** What a transaction recorded: its snapshots and the per-node history of its graph tasks. */
function registerRecordRoutes(router: Router): void {
  for (const kind of Object.keys(TRANSACTION_DATA) as TransactionDataKind[]) {
    router.route(
      {
        method: 'get',
        path: `/transactions/{transaction_id}/${kind}`,
        tag,
        summary: DATA_SUMMARIES[kind],
        responses: {
          200: { description: 'The stored snapshot, {} when none', schema: z.unknown() },
          404: { description: 'Transaction not found' },
        },
      },
      async ({ c, params }) =>
        reply(c, await getTransactionData(c.get('deps').db, params.transaction_id ?? 0, kind)),
    );
  }

  router.route(
    {
      method: 'get',
      path: '/transactions/{transaction_id}/deployment_history',
      tag,
      summary: 'How each deployment graph task went on each node',
      query: z.object({
        nodes: z.string().optional().describe('comma list of node ids'),
        statuses: z.string().optional().describe('comma list of history statuses'),
        tasks_names: z.string().optional().describe('comma list of graph task names'),
      }),
      responses: {
        200: { description: 'History entries', schema: z.array(historyEntry) },
        400: { description: 'Unknown status' },
        404: { description: 'Transaction not found' },
      },
    },
    async ({ c, params, query }) =>
      reply(c, await getDeploymentHistory(c.get('deps').db, params.transaction_id ?? 0, query)),
  );
}
