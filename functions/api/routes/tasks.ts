import { z } from 'zod';
import { serializeTask } from '../../core/tasks/model.js';
import { deleteTask, findTasks, getTask } from '../../core/tasks/service.js';
import { reply } from '../http/reply.js';
import type { Router } from '../http/route.js';
import { forceQuery, registerTransactionRoutes, transactionSchema } from './transactions.js';

/** A task as every task-returning route answers it: a transaction plus its parent. */
export const taskSchema = transactionSchema
  .extend({ parent_id: z.number().int().nullable() })
  .meta({ id: 'Task' });

/** Tasks: Nailgun's record of every operation, polled by clients for progress. */
export function registerTaskRoutes(router: Router): void {
  const tag = 'tasks';

  router.route(
    {
      method: 'get',
      path: '/tasks',
      tag,
      summary: 'List tasks that are not deleted',
      query: z.object({
        cluster_id: z.string().optional().describe('an environment id; empty for none'),
      }),
      responses: {
        200: { description: 'Tasks, oldest first', schema: z.array(taskSchema) },
        400: { description: 'cluster_id is not an integer' },
      },
    },
    async ({ c, query }) => reply(c, (await findTasks(c.get('deps').db, query)).map(serializeTask)),
  );

  router.route(
    {
      method: 'get',
      path: '/tasks/{task_id}',
      tag,
      summary: 'Show a task (poll its progress)',
      responses: {
        200: { description: 'The task', schema: taskSchema },
        404: { description: 'Task not found (also once deleted)' },
      },
    },
    async ({ c, params }) =>
      reply(c, serializeTask(await getTask(c.get('deps').db, params.task_id ?? 0))),
  );

  router.route(
    {
      method: 'delete',
      path: '/tasks/{task_id}',
      tag,
      summary: 'Delete a task and its subtasks (soft delete)',
      query: forceQuery,
      responses: {
        204: { description: 'Deleted' },
        400: { description: 'The task is pending or running and force is not set' },
        404: { description: 'Task not found' },
      },
    },
    async ({ c, params, query }) => {
      const { db, now } = c.get('deps');
      const id = params.task_id ?? 0;
      const deleted = await deleteTask(db, id, { force: query.force, now: now() });
      c.get('log').info('task deleted', { task_id: id, tasks_marked: deleted });

      return reply(c, null, 204);
    },
  );

  registerTransactionRoutes(router);
}
