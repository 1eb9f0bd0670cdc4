import { z } from 'zod';
import { createSite, listSites } from '../../core/auth/sites.js';
import { reply } from '../http/reply.js';
import type { Router } from '../http/route.js';

const siteJson = z
  .object({
    id: z.number().int(),
    name: z.string(),
    created_at: z.string(),
    last_seen_at: z.string().nullable(),
  })
  .meta({ id: 'Site' });

const siteCreated = siteJson
  .extend({
    credential: z.string().describe('Shown once; the relay sends it as a bearer token'),
  })
  .meta({ id: 'SiteCreated' });

/** Sites (data centres with a relay) and their credentials: an extension of Nailgun's API. */
export function registerSiteRoutes(router: Router): void {
  router.route(
    {
      method: 'get',
      path: '/sites',
      tag: 'sites',
      summary: 'List sites',
      responses: { 200: { description: 'Sites', schema: z.array(siteJson) } },
    },
    async ({ c }) => {
      const sites = await listSites(c.get('deps').db);
      return reply(
        c,
        sites.map((s) => ({
          id: s.id,
          name: s.name,
          created_at: s.created_at.toISOString(),
          last_seen_at: s.last_seen_at?.toISOString() ?? null,
        })),
      );
    },
  );

  router.route(
    {
      method: 'post',
      path: '/sites',
      tag: 'sites',
      summary: 'Register a site and issue its relay credential',
      body: z.object({ name: z.string() }).meta({ id: 'SiteCreate' }),
      responses: {
        201: { description: 'The site and its credential', schema: siteCreated },
        409: { description: 'Name taken' },
      },
    },
    async ({ c, body }) => {
      const { site, credential } = await createSite(c.get('deps').db, body.name);
      return reply(
        c,
        {
          id: site.id,
          name: site.name,
          created_at: site.created_at.toISOString(),
          last_seen_at: null,
          credential,
        },
        201,
      );
    },
  );
}
