import { z } from 'zod';
import {
  getDefaultAttributes,
  getDeployedAttributes,
  getEditableAttributes,
  getGeneratedAttributes,
  patchEditableAttributes,
  resetAttributesToDefaults,
} from '../../core/clusters/attributes.js';
import { reply } from '../http/reply.js';
import type { Router } from '../http/route.js';

const TRUE_WORDS = ['true', '1', 't', 'y', 'yes', 'on'] as const;
const FALSE_WORDS = ['false', '0', 'f', 'n', 'no', 'off'] as const;

/** A boolean query flag in Nailgun's `parse_bool` spellings. */
const flag = z
  .string()
  .toLowerCase()
  .pipe(z.enum([...TRUE_WORDS, ...FALSE_WORDS]))
  .transform((word) => (TRUE_WORDS as readonly string[]).includes(word));

const forceQuery = z.object({
  force: flag.optional().describe('1 changes settings of a locked environment anyway'),
});

const json = z.record(z.string(), z.unknown());

const editableAttributes = z
  .object({ editable: json.describe('settings groups, each with its metadata and attributes') })
  .meta({ id: 'ClusterAttributes' });

/** `generated` is refused and `editable` checked by the service, with Nailgun's texts. */
const attributesPatch = z
  .record(z.string(), z.unknown())
  .describe('{"editable": {<group>: {<attribute>: {"value": ...}}}}, merged into the settings')
  .meta({ id: 'ClusterAttributesPatch' });

/** An environment's settings: read, change (deep merge), reset to the release's defaults. */
export function registerClusterAttributeRoutes(router: Router): void {
  registerEditableRoutes(router);
  registerDerivedRoutes(router);
}

function registerEditableRoutes(router: Router): void {
  const tag = 'cluster attributes';
  const path = '/clusters/{cluster_id}/attributes';

  router.route(
    {
      method: 'get',
      path,
      tag,
      summary: "An environment's settings",
      responses: { 200: { description: 'Settings', schema: editableAttributes } },
    },
    async ({ c, params }) =>
      reply(c, await getEditableAttributes(c.get('deps').db, params.cluster_id ?? 0)),
  );

  for (const method of ['put', 'patch'] as const) {
    router.route(
      {
        method,
        path,
        tag,
        summary: "Change an environment's settings (deep merge; PUT and PATCH are the same)",
        body: attributesPatch,
        query: forceQuery,
        responses: {
          200: { description: 'Settings after the change', schema: editableAttributes },
          400: { description: 'Generated attributes, bad values, classic provisioning' },
          403: { description: 'The environment is locked by a deployment' },
        },
      },
      async ({ c, params, body, query }) => {
        const db = c.get('deps').db;
        const force = query.force ?? false;
        return reply(c, await patchEditableAttributes(db, params.cluster_id ?? 0, body, force));
      },
    );
  }
}

function registerDerivedRoutes(router: Router): void {
  const tag = 'cluster attributes';
  const defaults = '/clusters/{cluster_id}/attributes/defaults';

  router.route(
    {
      method: 'get',
      path: defaults,
      tag,
      summary: "The release's default settings for this environment",
      responses: { 200: { description: 'Default settings', schema: editableAttributes } },
    },
    async ({ c, params }) =>
      reply(c, await getDefaultAttributes(c.get('deps').db, params.cluster_id ?? 0)),
  );

  router.route(
    {
      method: 'put',
      path: defaults,
      tag,
      summary: "Reset an environment's settings to the release's defaults",
      responses: { 200: { description: 'Settings after the reset', schema: editableAttributes } },
    },
    async ({ c, params }) =>
      reply(c, await resetAttributesToDefaults(c.get('deps').db, params.cluster_id ?? 0)),
  );

  router.route(
    {
      method: 'get',
      path: '/clusters/{cluster_id}/attributes/deployed',
      tag,
      summary: 'The settings of the last successful deployment',
      responses: {
        200: { description: 'Deployed settings', schema: json },
        404: { description: 'Never deployed' },
      },
    },
    async ({ c, params }) =>
      reply(c, await getDeployedAttributes(c.get('deps').db, params.cluster_id ?? 0)),
  );

  router.route(
    {
      method: 'get',
      path: '/clusters/{cluster_id}/generated',
      tag,
      summary: 'Values generated for the environment (passwords, keys)',
      responses: { 200: { description: 'Generated attributes', schema: json } },
    },
    async ({ c, params }) =>
      reply(c, await getGeneratedAttributes(c.get('deps').db, params.cluster_id ?? 0)),
  );
}
