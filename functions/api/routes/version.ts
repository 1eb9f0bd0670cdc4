import { z } from 'zod';
import { reply } from '../http/reply.js';
import type { Router } from '../http/route.js';

const versionJson = z
  .object({
    release: z.string(),
    api: z.string(),
    feature_groups: z.array(z.string()),
    auth_required: z.boolean(),
  })
  .meta({ id: 'Version' });

export function registerVersionRoutes(router: Router): void {
  // fuelclient calls this without a token to learn whether it must log in: 401 says yes.
  router.route(
    {
      method: 'get',
      path: '/version',
      tag: 'version',
      summary: 'Product version',
      responses: {
        200: { description: 'Version', schema: versionJson },
        401: { description: 'No valid token' },
      },
    },
    ({ c }) =>
      reply(c, {
        release: c.get('deps').settings.fuelVersion,
        api: '1',
        feature_groups: [],
        auth_required: true,
      }),
  );
}
