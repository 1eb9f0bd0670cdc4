import { z } from 'zod';
import { agentPayloadSchema } from '../../core/nodes/agent-payload.js';
import { updateNodeByAgent } from '../../core/nodes/agent-update.js';
import { nodeJsonSchema } from '../../core/nodes/json-schema.js';
import { registerNode } from '../../core/nodes/register.js';
import { coreContext } from '../http/core-context.js';
import { reply } from '../http/reply.js';
import type { Router } from '../http/route.js';

const checkIn = z
  .object({ id: z.number().int(), cached: z.literal(true).optional() })
  .meta({ id: 'AgentCheckIn' });

/** The routes fuel-nailgun-agent calls: registration and the periodic check-in. */
export function registerNodeAgentRoutes(router: Router): void {
  const tag = 'agent';

  router.route(
    {
      method: 'post',
      path: '/nodes',
      tag,
      access: 'agent',
      summary: 'Register a node booted into the discovery image',
      body: agentPayloadSchema,
      responses: {
        201: { description: 'The new node', schema: nodeJsonSchema },
        400: { description: 'No MAC, or invalid values' },
        403: { description: 'Status other than discover' },
        409: { description: 'A node with this MAC exists' },
      },
    },
    async ({ c, body }) => {
      const node = await registerNode(coreContext(c), body);
      c.get('touched').node_id = node.id;
      return reply(c, node, 201);
    },
  );

  router.route(
    {
      method: 'put',
      path: '/nodes/agent',
      tag,
      access: 'agent',
      summary: "Record an agent's check-in and apply its hardware report",
      body: agentPayloadSchema,
      responses: {
        200: { description: 'The node id; `cached` when nothing changed', schema: checkIn },
        400: { description: 'Unknown id or MAC (the agent then registers), invalid values' },
      },
    },
    async ({ c, body }) => {
      const result = await updateNodeByAgent(coreContext(c), body);
      c.get('touched').node_id = result.id;
      return reply(c, result);
    },
  );
}
