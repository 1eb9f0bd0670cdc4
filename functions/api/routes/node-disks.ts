import { z } from 'zod';
import { SPACE_TYPES } from '../../core/volumes/model.js';
import {
  getDefaultDisks,
  getNodeDisks,
  getNodeVolumes,
  updateNodeDisks,
} from '../../core/volumes/service.js';
import { reply } from '../http/reply.js';
import type { Router } from '../http/route.js';

const megabytes = z.number().int().nonnegative();

const volumeJson = z.object({ name: z.string(), size: megabytes, type: z.enum(SPACE_TYPES) });

const diskJson = z
  .object({
    id: z.string(),
    name: z.string(),
    size: megabytes.meta({ description: 'MB that volumes may use' }),
    bootable: z.boolean(),
    extra: z.array(z.string()),
    volumes: z.array(volumeJson),
  })
  .meta({ id: 'NodeDisk' });

const diskUpdate = z
  .looseObject({
    id: z.string(),
    size: megabytes.optional().meta({ description: 'Ignored: the node reports its disk sizes' }),
    bootable: z.boolean().optional(),
    volumes: z.array(
      z.looseObject({ name: z.string(), size: megabytes, keep_data: z.boolean().optional() }),
    ),
  })
  .meta({ id: 'NodeDiskUpdate' });

const volumeInfoJson = z
  .object({ name: z.string(), label: z.string(), min_size: megabytes, size: megabytes })
  .meta({ id: 'NodeVolume' });

/** Disk layout routes of a node: its disks, their defaults and the volume totals. */
export function registerNodeDiskRoutes(router: Router): void {
  const tag = 'nodes';
  const notFound = { description: 'Node not found' };

  router.route(
    {
      method: 'get',
      path: '/nodes/{node_id}/disks',
      tag,
      summary: "Show a node's disk layout",
      responses: {
        200: { description: 'Disks by name', schema: z.array(diskJson) },
        404: notFound,
      },
    },
    async ({ c, params }) => reply(c, await getNodeDisks(c.get('deps').db, params.node_id ?? 0)),
  );

  router.route(
    {
      method: 'put',
      path: '/nodes/{node_id}/disks',
      tag,
      summary: "Change a node's disk layout",
      body: z.array(diskUpdate),
      responses: {
        200: { description: 'The new layout', schema: z.array(diskJson) },
        400: { description: 'Node locked or outside an environment, or an invalid layout' },
        404: notFound,
      },
    },
    async ({ c, params, body }) =>
      reply(c, await updateNodeDisks(c.get('deps').db, params.node_id ?? 0, body)),
  );

  router.route(
    {
      method: 'get',
      path: '/nodes/{node_id}/disks/defaults',
      tag,
      summary: 'The disk layout the release proposes for the node',
      responses: {
        200: { description: 'Disks by name', schema: z.array(diskJson) },
        404: notFound,
      },
    },
    async ({ c, params }) => reply(c, await getDefaultDisks(c.get('deps').db, params.node_id ?? 0)),
  );

  router.route(
    {
      method: 'get',
      path: '/nodes/{node_id}/volumes',
      tag,
      summary: 'The volumes a node needs, with their sizes over all disks',
      responses: {
        200: { description: 'Volumes', schema: z.array(volumeInfoJson) },
        404: { description: 'Node not found, or outside an environment' },
      },
    },
    async ({ c, params }) => reply(c, await getNodeVolumes(c.get('deps').db, params.node_id ?? 0)),
  );
}
