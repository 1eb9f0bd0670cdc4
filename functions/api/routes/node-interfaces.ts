import { z } from 'zod';
import {
  defaultInterfacesOfClusterNodes,
  defaultNodeInterfaces,
  listNodeInterfaces,
  updateInterfacesBulk,
  updateNodeInterfaces,
} from '../../core/nics/service.js';
import { reply } from '../http/reply.js';
import type { Router } from '../http/route.js';

const assignedNetwork = z.object({ id: z.number().int(), name: z.string() });

const nicJson = z
  .object({
    id: z.number().int(),
    name: z.string(),
    type: z.literal('ether'),
    mac: z.string(),
    state: z.string().nullable(),
    current_speed: z.number().int().nullable(),
    max_speed: z.number().int().nullable(),
    driver: z.string().nullable(),
    bus_info: z.string().nullable(),
    pxe: z.boolean(),
    offloading_modes: z.array(z.unknown()),
    interface_properties: z.record(z.string(), z.unknown()),
    meta: z.record(z.string(), z.unknown()),
    assigned_networks: z.array(assignedNetwork),
  })
  .meta({ id: 'NodeInterface' });

// Loose on purpose: the service checks the fields so that errors carry Nailgun's texts.
const nicUpdate = z
  .looseObject({
    id: z.unknown().optional().meta({ description: 'Id of a NIC of this node (integer)' }),
    type: z
      .unknown()
      .optional()
      .meta({ description: '"ether" when given; bonds are not supported' }),
    assigned_networks: z
      .unknown()
      .optional()
      .meta({ description: 'Every network of the node, each once: [{"id": <network id>}]' }),
  })
  .meta({ id: 'NodeInterfaceUpdate' });

const nodeInterfacesUpdate = z
  .looseObject({
    id: z.unknown().optional().meta({ description: 'Node id (integer)' }),
    interfaces: z
      .unknown()
      .optional()
      .meta({ description: "The node's NICs, as for PUT /nodes/{id}/interfaces" }),
  })
  .meta({ id: 'NodeInterfacesUpdate' });

const nodeInterfacesJson = z
  .object({ id: z.number().int(), interfaces: z.array(nicJson) })
  .meta({ id: 'NodeInterfaces' });

const clusterFilter = z.object({
  cluster_id: z
    .string()
    .regex(/^\d{0,9}$/, 'expected an environment id')
    .optional()
    .meta({ description: 'Only the nodes of this environment' }),
});

/** NIC routes of nodes: the network assignment, its default, and the bulk change. */
export function registerNodeInterfaceRoutes(router: Router): void {
  const tag = 'nodes';

  router.route(
    {
      method: 'get',
      path: '/nodes/{node_id}/interfaces',
      tag,
      summary: "List a node's NICs with the networks they carry",
      responses: {
        200: { description: 'NICs by name', schema: z.array(nicJson) },
        404: { description: 'Node not found' },
      },
    },
    async ({ c, params }) =>
      reply(c, await listNodeInterfaces(c.get('deps').db, params.node_id ?? 0)),
  );

  router.route(
    {
      method: 'put',
      path: '/nodes/{node_id}/interfaces',
      tag,
      summary: 'Assign networks to the NICs of a node',
      body: z.array(nicUpdate),
      responses: {
        200: { description: 'The new NIC list', schema: z.array(nicJson) },
        400: { description: 'Node locked or outside an environment, or an invalid assignment' },
        404: { description: 'Node not found' },
      },
    },
    async ({ c, params, body }) =>
      reply(c, await updateNodeInterfaces(c.get('deps').db, params.node_id ?? 0, body)),
  );

  router.route(
    {
      method: 'put',
      path: '/nodes/interfaces',
      tag,
      summary: 'Assign networks to the NICs of several nodes, all or nothing',
      body: z.array(nodeInterfacesUpdate),
      responses: {
        200: {
          description: 'Each node with its new NIC list',
          schema: z.array(nodeInterfacesJson),
        },
        400: { description: 'An unknown node or an invalid assignment; nothing changed' },
      },
    },
    async ({ c, body }) => reply(c, await updateInterfacesBulk(c.get('deps').db, body)),
  );

  router.route(
    {
      method: 'get',
      path: '/nodes/{node_id}/interfaces/default_assignment',
      tag,
      summary: "A node's NICs with the default network assignment",
      responses: {
        200: { description: 'NICs by name', schema: z.array(nicJson) },
        404: { description: 'Node not found' },
      },
    },
    async ({ c, params }) =>
      reply(c, await defaultNodeInterfaces(c.get('deps').db, params.node_id ?? 0)),
  );

  router.route(
    {
      method: 'get',
      path: '/nodes/interfaces/default_assignment',
      tag,
      summary: 'Default NIC lists of the nodes in environments',
      query: clusterFilter,
      responses: {
        200: {
          description: 'One NIC list per node, by node id',
          schema: z.array(z.array(nicJson)),
        },
      },
    },
    async ({ c, query }) => {
      const clusterId = query.cluster_id ? Number(query.cluster_id) : undefined;
      return reply(c, await defaultInterfacesOfClusterNodes(c.get('deps').db, clusterId));
    },
  );
}
