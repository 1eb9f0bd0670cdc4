import type { Context } from 'hono';
import { z } from 'zod';
import { InvalidData } from '../../core/errors.js';
import { bulkUpdateNodes } from '../../core/nodes/bulk-update.js';
import { deleteNodes, type NodesInEnvironment, parseNodeIds } from '../../core/nodes/delete.js';
import { nodeJsonSchema } from '../../core/nodes/json-schema.js';
import { listNodesJsonText, nodeAllocationStats, showNode } from '../../core/nodes/read.js';
import { updateNode } from '../../core/nodes/update.js';
import { nodeBulkUpdateSchema, nodeUpdateSchema } from '../../core/nodes/update-payload.js';
import { startRemoval } from '../../core/orchestration/start-other.js';
import type { TaskRow } from '../../core/tasks/model.js';
import { serializeTask } from '../../core/tasks/model.js';
import type { AppEnv } from '../env.js';
import { validate } from '../http/body.js';
import { coreContext } from '../http/core-context.js';
import { RawJson, reply } from '../http/reply.js';
import type { Router } from '../http/route.js';

const nodeList = z.array(nodeJsonSchema);
const allocationStats = z
  .object({ total: z.number().int(), unallocated: z.number().int() })
  .meta({ id: 'NodeAllocationStats' });
const deletionTask = z.record(z.string(), z.unknown()).meta({ id: 'NodeDeletionTask' });

/** Operator routes on nodes: list, show, change (one or many) and delete. */
export function registerNodeRoutes(router: Router): void {
  const tag = 'nodes';

  router.route(
    {
      method: 'get',
      path: '/nodes',
      tag,
      summary: 'List nodes, optionally of one environment (`cluster_id=` for unallocated ones)',
      query: z.object({ cluster_id: z.string().optional() }),
      responses: {
        200: { description: 'Nodes ordered by id', schema: nodeList },
        400: { description: 'cluster_id is not a number' },
      },
    },
    async ({ c, query }) =>
      reply(c, new RawJson(await listNodesJsonText(coreContext(c), query.cluster_id))),
  );

  router.route(
    {
      method: 'put',
      path: '/nodes',
      tag,
      summary: 'Change several nodes, each named by id or mac; all or nothing',
      // Checked below, so that a body that is not a list gets Nailgun's own text.
      body: z.unknown().meta({ id: 'NodeBulkUpdateBody', description: 'A list of NodeUpdate' }),
      responses: {
        200: { description: 'The updated nodes', schema: nodeList },
        400: { description: 'Not a list, unknown node, invalid values' },
      },
    },
    async ({ c, body }) => {
      if (!Array.isArray(body)) throw new InvalidData('Invalid json list');
      const items = validate(nodeBulkUpdateSchema, body);
      return reply(c, await bulkUpdateNodes(coreContext(c), items));
    },
  );

  router.route(
    {
      method: 'delete',
      path: '/nodes',
      tag,
      summary: 'Delete nodes outside any environment (`ids=1,2,3`)',
      query: z.object({ ids: z.string().optional() }),
      responses: {
        200: { description: 'The finished node_deletion task', schema: deletionTask },
        400: { description: 'Bad id list, or nodes still in an environment' },
        404: { description: 'Some node does not exist' },
      },
    },
    async ({ c, query }) => {
      return answerDeletion(c, await deleteNodes(coreContext(c), parseNodeIds(query.ids)));
    },
  );

  router.route(
    {
      method: 'get',
      path: '/nodes/allocation/stats',
      tag,
      summary: 'Count nodes, and those outside any environment',
      responses: { 200: { description: 'Counts', schema: allocationStats } },
    },
    async ({ c }) => reply(c, await nodeAllocationStats(coreContext(c))),
  );

  router.route(
    {
      method: 'get',
      path: '/nodes/{node_id}',
      tag,
      summary: 'Show a node',
      responses: {
        200: { description: 'The node', schema: nodeJsonSchema },
        404: { description: 'Node not found' },
      },
    },
    async ({ c, params }) => reply(c, await showNode(coreContext(c), params.node_id ?? 0)),
  );

  router.route(
    {
      method: 'put',
      path: '/nodes/{node_id}',
      tag,
      summary: 'Change a node: roles, environment, hostname, name, labels, flags',
      body: nodeUpdateSchema,
      responses: {
        200: { description: 'The node', schema: nodeJsonSchema },
        400: { description: 'Invalid values, roles or environment change' },
        403: { description: 'Hostname change after provisioning started' },
        404: { description: 'Node not found' },
        409: { description: 'Duplicate hostname' },
      },
    },
    async ({ c, params, body }) =>
      reply(c, await updateNode(coreContext(c), params.node_id ?? 0, body)),
  );

  router.route(
    {
      method: 'delete',
      path: '/nodes/{node_id}',
      tag,
      summary: 'Delete a node outside any environment',
      responses: {
        200: { description: 'The finished node_deletion task', schema: deletionTask },
        400: { description: 'The node is still in an environment' },
        404: { description: 'Node not found' },
      },
    },
    async ({ c, params }) => {
      return answerDeletion(c, await deleteNodes(coreContext(c), [params.node_id ?? 0]));
    },
  );
}

/**
 * Free nodes are gone already (200 with the finished task); nodes of an environment are erased
 * by a removal run first (202 with its task).
 */
async function answerDeletion(
  c: Context<AppEnv>,
  outcome: TaskRow | NodesInEnvironment,
): Promise<Response> {
  if ('uuid' in outcome) return reply(c, serializeTask(outcome), 200);
  const task = await startRemoval(
    c.get('deps'),
    outcome.clusterId,
    'node_deletion',
    'remove-nodes',
    outcome.ids,
  );
  return reply(c, serializeTask(task), 202);
}
