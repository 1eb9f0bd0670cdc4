import { OpenApiGeneratorV3 } from '@asteasolutions/zod-to-openapi';
import { reply } from '../http/reply.js';
import type { Router } from '../http/route.js';

/** GET /api/openapi.json: the API described from the zod schemas that validate it. */
export function registerOpenApiRoute(router: Router): void {
  let document: unknown;
  router.registry.registerComponent('securitySchemes', 'keystoneToken', {
    type: 'apiKey',
    in: 'header',
    name: 'X-Auth-Token',
    description: 'Token from POST /keystone/v2.0/tokens',
  });

  router.app.get('/openapi.json', (c) => {
    document ??= new OpenApiGeneratorV3(router.registry.definitions).generateDocument({
      openapi: '3.0.3',
      info: {
        title: 'Fuel Serverless API',
        version: '1',
        description: "Nailgun's v1 API (OpenStack Fuel 10.0), served at /api and /api/v1",
      },
    });
    return reply(c, document);
  });
}
