import { z } from 'zod';
import { InvalidData } from '../../core/errors.js';
import { getRelease, RELEASE_STATES, updateRelease } from '../../core/releases/repository.js';
import {
  changeRelease,
  createRelease,
  listReleasesSorted,
  removeRelease,
  serializeRelease,
} from '../../core/releases/service.js';
import { reply } from '../http/reply.js';
import type { Router } from '../http/route.js';

const metadata = z.record(z.string(), z.unknown());

const releaseFields = {
  name: z.string().min(1).max(100),
  version: z.string().min(1).max(30),
  operating_system: z.string().min(1).max(50),
  description: z.string().nullable(),
  state: z.enum(RELEASE_STATES),
  modes: z.array(z.string()),
  modes_metadata: metadata,
  roles_metadata: metadata,
  tags_metadata: metadata,
  networks_metadata: metadata,
  attributes_metadata: metadata,
  volumes_metadata: metadata,
  components_metadata: z.array(z.unknown()),
  deployment_tasks: z.array(z.unknown()),
};

/** POST body: name, version and operating system are checked by the service for Nailgun's texts. */
const releaseCreate = z
  .object(releaseFields)
  .partial()
  .extend({ name: z.string().max(100).optional() })
  .meta({ id: 'ReleaseCreate' });
const releaseUpdate = z.object(releaseFields).partial().meta({ id: 'ReleaseUpdate' });

const releaseJson = z
  .object({
    id: z.number().int(),
    name: z.string(),
    version: z.string(),
    description: z.string().nullable(),
    operating_system: z.string(),
    state: z.enum(RELEASE_STATES),
    modes: z.array(z.string()),
    roles: z.array(z.string()),
    roles_metadata: metadata,
    tags_metadata: metadata,
    attributes_metadata: metadata,
    components_metadata: z.array(z.unknown()),
    is_deployable: z.boolean(),
  })
  .meta({ id: 'Release' });

const networksMetadata = z.record(z.string(), z.unknown()).meta({ id: 'ReleaseNetworks' });

export function registerReleaseRoutes(router: Router): void {
  const tag = 'releases';

  router.route(
    {
      method: 'get',
      path: '/releases',
      tag,
      summary: 'List releases, newest first',
      responses: { 200: { description: 'Releases', schema: z.array(releaseJson) } },
    },
    async ({ c }) => reply(c, (await listReleasesSorted(c.get('deps').db)).map(serializeRelease)),
  );

  router.route(
    {
      method: 'post',
      path: '/releases',
      tag,
      summary: 'Add a release',
      body: releaseCreate,
      responses: {
        201: { description: 'Created', schema: releaseJson },
        400: { description: 'Missing name, version or operating system' },
        409: { description: 'A release with this name and version exists' },
      },
    },
    async ({ c, body }) => {
      const release = await createRelease(c.get('deps').db, body);
      c.get('touched').release_id = release.id;
      return reply(c, serializeRelease(release), 201);
    },
  );

  router.route(
    {
      method: 'get',
      path: '/releases/{release_id}',
      tag,
      summary: 'Show a release',
      responses: { 200: { description: 'The release', schema: releaseJson } },
    },
    async ({ c, params }) =>
      reply(c, serializeRelease(await getRelease(c.get('deps').db, params.release_id ?? 0))),
  );

  router.route(
    {
      method: 'put',
      path: '/releases/{release_id}',
      tag,
      summary: 'Change a release',
      body: releaseUpdate,
      responses: { 200: { description: 'The release', schema: releaseJson } },
    },
    async ({ c, params, body }) => {
      if (Object.keys(body).length === 0) throw new InvalidData('Nothing to update');
      const release = await changeRelease(c.get('deps').db, params.release_id ?? 0, body);
      return reply(c, serializeRelease(release));
    },
  );

  router.route(
    {
      method: 'delete',
      path: '/releases/{release_id}',
      tag,
      summary: 'Delete a release no environment uses',
      responses: { 204: { description: 'Deleted' }, 400: { description: 'Environments use it' } },
    },
    async ({ c, params }) => {
      await removeRelease(c.get('deps').db, params.release_id ?? 0);
      return reply(c, null, 204);
    },
  );

  router.route(
    {
      method: 'get',
      path: '/releases/{release_id}/networks',
      tag,
      summary: "A release's network metadata",
      responses: { 200: { description: 'networks_metadata', schema: networksMetadata } },
    },
    async ({ c, params }) => {
      const release = await getRelease(c.get('deps').db, params.release_id ?? 0);
      return reply(c, release.networks_metadata);
    },
  );

  router.route(
    {
      method: 'put',
      path: '/releases/{release_id}/networks',
      tag,
      summary: "Replace a release's network metadata",
      body: networksMetadata,
      responses: { 200: { description: 'networks_metadata', schema: networksMetadata } },
    },
    async ({ c, params, body }) => {
      const release = await updateRelease(c.get('deps').db, params.release_id ?? 0, {
        networks_metadata: body,
      });
      return reply(c, release.networks_metadata);
    },
  );
}
