import { z } from 'zod';
import { assignNodes } from '../../core/nodes/assignment.js';
import { unassignNodes } from '../../core/nodes/unassignment.js';
import { coreContext } from '../http/core-context.js';
import { reply } from '../http/reply.js';
import type { Router } from '../http/route.js';

const assignmentBody = z
  .array(z.object({ id: z.int32(), roles: z.array(z.string()) }))
  .meta({ id: 'NodeAssignment' });
const unassignmentBody = z.array(z.object({ id: z.int32() })).meta({ id: 'NodeUnassignment' });

/** Adding nodes to an environment with roles, and taking them out. */
export function registerAssignmentRoutes(router: Router): void {
  const tag = 'clusters';

  router.route(
    {
      method: 'post',
      path: '/clusters/{cluster_id}/assignment',
      tag,
      summary: 'Add nodes to an environment with pending roles',
      body: assignmentBody,
      responses: {
        200: { description: 'Done; the body is null' },
        400: { description: 'Unknown or offline nodes, invalid or conflicting roles' },
        404: { description: 'Cluster not found' },
        409: { description: 'Hostname clash in the environment' },
      },
    },
    async ({ c, params, body }) => {
      await assignNodes(coreContext(c), params.cluster_id ?? 0, body);
      return reply(c, null);
    },
  );

  router.route(
    {
      method: 'post',
      path: '/clusters/{cluster_id}/unassignment',
      tag,
      summary: 'Take nodes out of an environment (at once while discover, else at next deploy)',
      body: unassignmentBody,
      responses: {
        200: { description: 'Done; the body is null' },
        400: { description: 'Unknown nodes or nodes of another environment' },
        404: { description: 'Cluster not found' },
      },
    },
    async ({ c, params, body }) => {
      await unassignNodes(
        coreContext(c),
        params.cluster_id ?? 0,
        body.map((n) => n.id),
      );
      return reply(c, null);
    },
  );
}
