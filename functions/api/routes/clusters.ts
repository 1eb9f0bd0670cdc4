import { z } from 'zod';
import { createCluster } from '../../core/clusters/create.js';
import { deleteEmptyCluster } from '../../core/clusters/delete.js';
import {
  CLUSTER_CHANGE_NAMES,
  CLUSTER_MODES,
  CLUSTER_STATUSES,
  L23_PROVIDERS,
  NET_PROVIDERS,
  SEGMENTATION_TYPES,
} from '../../core/clusters/model.js';
import { listClustersJson, showCluster } from '../../core/clusters/read.js';
import { changeCluster } from '../../core/clusters/update.js';
import { startRemoval } from '../../core/orchestration/start-other.js';
import { serializeTask } from '../../core/tasks/model.js';
import { paginate, paginationQuery } from '../http/pagination.js';
import { reply } from '../http/reply.js';
import type { Router } from '../http/route.js';

const MAX_ID = 2_147_483_647;

const uiSettings = z
  .strictObject({
    view_mode: z.enum(['standard', 'compact']),
    filter: z.record(z.string(), z.array(z.unknown())),
    sort: z.array(z.record(z.string(), z.unknown())),
    filter_by_labels: z.record(z.string(), z.unknown()),
    sort_by_labels: z.array(z.record(z.string(), z.unknown())),
    search: z.string(),
  })
  .meta({ id: 'ClusterUiSettings' });

const name = z.string().min(1).max(50);
const nodeIds = z.array(z.number().int().positive().max(MAX_ID)).describe('ids of nodes');
const mode = z.string().describe(`one of the release's modes (${CLUSTER_MODES.join(', ')})`);

/** Release, mode and name are checked by the service, which has Nailgun's texts for them. */
const clusterCreate = z
  .object({
    name: name.optional(),
    release_id: z.unknown().optional().describe('id of an available release (required)'),
    release: z.unknown().optional().describe('alias of release_id'),
    mode: mode.optional(),
    net_provider: z.enum(NET_PROVIDERS).optional(),
    net_segment_type: z.enum(SEGMENTATION_TYPES).optional(),
    net_l23_provider: z.enum(L23_PROVIDERS).optional(),
    nodes: nodeIds.optional(),
    components: z.array(z.string()).optional(),
    ui_settings: uiSettings.optional(),
  })
  .meta({ id: 'ClusterCreate' });

const clusterUpdate = z
  .object({
    name: name.optional(),
    mode: mode.optional(),
    ui_settings: uiSettings.optional(),
    nodes: nodeIds.optional().describe('the complete new list of the environment nodes'),
    net_provider: z.unknown().optional().describe('cannot change'),
  })
  .meta({ id: 'ClusterUpdate' });

const clusterJson = z
  .object({
    id: z.number().int(),
    name: z.string(),
    mode: z.enum(CLUSTER_MODES),
    status: z.enum(CLUSTER_STATUSES),
    net_provider: z.enum(NET_PROVIDERS),
    release_id: z.number().int(),
    fuel_version: z.string(),
    is_customized: z.boolean(),
    is_locked: z.boolean(),
    changes: z.array(
      z.object({ name: z.enum(CLUSTER_CHANGE_NAMES), node_id: z.number().int().nullable() }),
    ),
    ui_settings: uiSettings,
    components: z.array(z.string()),
    pending_release_id: z.null(),
  })
  .meta({ id: 'Cluster' });

const deletionTask = z
  .record(z.string(), z.unknown())
  .describe('the finished cluster_deletion task')
  .meta({ id: 'ClusterDeletionTask' });

/** Environments (Nailgun's clusters): list, create, show, change, delete. */
export function registerClusterRoutes(router: Router): void {
  registerCollectionRoutes(router);
  registerSingleRoutes(router);
}

function registerCollectionRoutes(router: Router): void {
  const tag = 'clusters';

  router.route(
    {
      method: 'get',
      path: '/clusters',
      tag,
      summary: 'List environments',
      query: paginationQuery,
      responses: {
        200: {
          description: 'Environments (Content-Range when paged)',
          schema: z.array(clusterJson),
        },
        400: { description: 'Bad limit or offset' },
        416: { description: 'Offset past the end' },
      },
    },
    async ({ c, query }) => {
      const page = paginate(await listClustersJson(c.get('deps').db), query);
      const headers: Record<string, string> = {};
      if (page.contentRange) headers['Content-Range'] = page.contentRange;

      return reply(c, page.items, 200, headers);
    },
  );

  router.route(
    {
      method: 'post',
      path: '/clusters',
      tag,
      summary: 'Create an environment',
      body: clusterCreate,
      responses: {
        201: { description: 'Created', schema: clusterJson },
        400: { description: 'No or unknown release, bad mode, bad components or nodes' },
        403: { description: 'The release is not deployable' },
        409: { description: 'An environment has this name, or node hostnames clash' },
      },
    },
    async ({ c, body }) => {
      const deps = c.get('deps');
      const cluster = await createCluster(deps.db, deps.settings, body);
      c.get('touched').cluster_id = cluster.id;
      c.get('log').info('environment created', { cluster_id: cluster.id });

      return reply(c, cluster, 201);
    },
  );
}

function registerSingleRoutes(router: Router): void {
  const tag = 'clusters';
  const path = '/clusters/{cluster_id}';

  router.route(
    {
      method: 'get',
      path,
      tag,
      summary: 'Show an environment',
      responses: { 200: { description: 'The environment', schema: clusterJson } },
    },
    async ({ c, params }) => reply(c, await showCluster(c.get('deps').db, params.cluster_id ?? 0)),
  );

  router.route(
    {
      method: 'put',
      path,
      tag,
      summary: 'Rename an environment, change its mode or settings of the UI, replace its nodes',
      body: clusterUpdate,
      responses: {
        200: { description: 'The environment', schema: clusterJson },
        400: { description: 'Bad mode, net_provider change, unknown or offline nodes' },
        409: { description: 'Name or node hostname clash' },
      },
    },
    async ({ c, params, body }) =>
      reply(c, await changeCluster(c.get('deps').db, params.cluster_id ?? 0, body)),
  );

  router.route(
    {
      method: 'delete',
      path,
      tag,
      summary: 'Delete an environment, erasing its nodes back to bootstrap',
      responses: {
        202: { description: 'The cluster_deletion task', schema: deletionTask },
        400: { description: 'A task of the environment runs' },
      },
    },
    async ({ c, params }) => {
      const id = params.cluster_id ?? 0;
      const deps = c.get('deps');
      const done = await deleteEmptyCluster(deps.db, id);
      if (done) {
        c.get('log').info('environment deleted', { cluster_id: id });
        return reply(c, done, 202);
      }
      const task = await startRemoval(deps, id, 'cluster_deletion', 'remove-nodes', undefined);
      return reply(c, serializeTask(task), 202);
    },
  );
}
