import type { Context } from 'hono';
import { z } from 'zod';
import { parseNodeIds } from '../../core/nodes/delete.js';
import type { OrchestrationContext } from '../../core/orchestration/context.js';
import { orchestratorDefaults } from '../../core/orchestration/defaults.js';
import { retryLastRun } from '../../core/orchestration/retry.js';
import { deployChanges } from '../../core/orchestration/start-changes.js';
import {
  deployNodes,
  provisionNodes,
  resetEnvironment,
  stopDeployment,
} from '../../core/orchestration/start-other.js';
import { serializeTask, type TaskRow } from '../../core/tasks/model.js';
import type { AppEnv } from '../env.js';
import { reply } from '../http/reply.js';
import type { Router } from '../http/route.js';
import { taskSchema } from './tasks.js';

const nodesQuery = z.object({
  nodes: z.string().optional(),
  graph_type: z.string().optional(),
  dry_run: z.string().optional(),
  noop_run: z.string().optional(),
  force: z.string().optional(),
});

const taskAnswers = {
  200: { description: 'The task, already finished (e.g. a failed pre-check)', schema: taskSchema },
  202: { description: 'The task, started', schema: taskSchema },
  400: { description: 'A rule of the environment forbids it' },
  404: { description: 'No such environment' },
};

/** Task-returning routes answer 202 while the task runs and 200 once it has finished (§1). */
function answerTask(c: Context<AppEnv>, task: TaskRow): Response {
  c.get('touched').task_uuid = task.uuid;
  return reply(
    c,
    serializeTask(task),
    task.status === 'ready' || task.status === 'error' ? 200 : 202,
  );
}

function orchestration(c: Context<AppEnv>): OrchestrationContext {
  return c.get('deps');
}

/** `?nodes=1,2` as ids (absent or empty: the default nodes); Nailgun's 400 otherwise. */
export function parseNodesParam(text: string | undefined): number[] | undefined {
  return text === undefined || text === '' ? undefined : parseNodeIds(text);
}

/** The routes that start work on an environment (reference §2.1 rows 27–33) and retry. */
export function registerOrchestrationRoutes(router: Router): void {
  const tag = 'deployment';
  const changes = async ({ c, params }: { c: Context<AppEnv>; params: Record<string, number> }) =>
    answerTask(c, await deployChanges(orchestration(c), params.cluster_id ?? 0));

  router.route(
    {
      method: 'put',
      path: '/clusters/{cluster_id}/changes',
      tag,
      summary: 'Deploy changes',
      query: nodesQuery,
      responses: taskAnswers,
    },
    changes,
  );
  router.route(
    {
      method: 'put',
      path: '/clusters/{cluster_id}/changes/redeploy',
      tag,
      summary: 'Deploy changes again on every node',
      query: nodesQuery,
      responses: taskAnswers,
    },
    changes,
  );
  router.route(
    {
      method: 'put',
      path: '/clusters/{cluster_id}/provision',
      tag,
      summary: 'Provision nodes',
      query: nodesQuery,
      responses: taskAnswers,
    },
    async ({ c, params, query }) =>
      answerTask(
        c,
        await provisionNodes(
          orchestration(c),
          params.cluster_id ?? 0,
          parseNodesParam(query.nodes),
        ),
      ),
  );
  router.route(
    {
      method: 'put',
      path: '/clusters/{cluster_id}/deploy',
      tag,
      summary: 'Deploy provisioned nodes',
      query: nodesQuery,
      responses: taskAnswers,
    },
    async ({ c, params, query }) =>
      answerTask(
        c,
        await deployNodes(orchestration(c), params.cluster_id ?? 0, parseNodesParam(query.nodes)),
      ),
  );
  router.route(
    {
      method: 'put',
      path: '/clusters/{cluster_id}/stop_deployment',
      tag,
      summary: 'Stop a running deployment',
      responses: taskAnswers,
    },
    async ({ c, params }) =>
      answerTask(c, await stopDeployment(orchestration(c), params.cluster_id ?? 0)),
  );
  router.route(
    {
      method: 'put',
      path: '/clusters/{cluster_id}/reset',
      tag,
      summary: 'Reset the environment to new',
      query: nodesQuery,
      responses: taskAnswers,
    },
    async ({ c, params }) =>
      answerTask(c, await resetEnvironment(orchestration(c), params.cluster_id ?? 0)),
  );
  router.route(
    {
      method: 'put',
      path: '/clusters/{cluster_id}/retry',
      tag,
      summary: 'Retry the last failed run from its failed steps',
      responses: taskAnswers,
    },
    async ({ c, params }) =>
      answerTask(c, await retryLastRun(orchestration(c), params.cluster_id ?? 0)),
  );
  for (const kind of ['deployment', 'provisioning'] as const) {
    router.route(
      {
        method: 'get',
        path: `/clusters/{cluster_id}/orchestrator/${kind}/defaults`,
        tag,
        summary: `Default ${kind} facts of the environment's nodes`,
        query: nodesQuery,
        responses: { 200: { description: 'Facts per node' } },
      },
      async ({ c, params, query }) =>
        reply(
          c,
          await orchestratorDefaults(
            c.get('deps'),
            params.cluster_id ?? 0,
            kind,
            parseNodesParam(query.nodes),
          ),
        ),
    );
  }
}
