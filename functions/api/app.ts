import { randomUUID } from 'node:crypto';
import { Hono } from 'hono';
import { MethodNotAllowed, NotFound } from '../core/errors.js';
import type { AppDeps, AppEnv } from './env.js';
import { errorResponse } from './http/errors.js';
import { negotiateFormat } from './http/negotiate.js';
import { Router } from './http/route.js';
import { registerAssignmentRoutes } from './routes/assignment.js';
import { registerClusterAttributeRoutes } from './routes/cluster-attributes.js';
import { registerClusterRoutes } from './routes/clusters.js';
import { registerEventRoutes } from './routes/events.js';
import { registerKeystoneRoutes } from './routes/keystone.js';
import { registerNetworkConfigurationRoutes } from './routes/network-configuration.js';
import { registerNodeAgentRoutes } from './routes/node-agent.js';
import { registerNodeDiskRoutes } from './routes/node-disks.js';
import { registerNodeInterfaceRoutes } from './routes/node-interfaces.js';
import { registerNodeRoutes } from './routes/nodes.js';
import { registerNotificationRoutes } from './routes/notifications.js';
import { registerOpenApiRoute } from './routes/openapi.js';
import { registerOrchestrationRoutes } from './routes/orchestration.js';
import { registerReleaseRoutes } from './routes/releases.js';
import { registerSiteRoutes } from './routes/sites.js';
import { registerTaskRoutes } from './routes/tasks.js';
import { registerVersionRoutes } from './routes/version.js';

const REQUEST_ID = /^[\w.-]{1,64}$/;

/**
 * Builds the Nailgun-compatible API. The same app is served by `npm start` (Node server) and by
 * the Lambda handler behind API Gateway; hosts only differ in the dependencies they pass.
 */
export function createApp(deps: AppDeps): Hono<AppEnv> {
  // strict: false makes the trailing slash optional, as on every Nailgun route.
  const app = new Hono<AppEnv>({ strict: false });
  const api = new Hono<AppEnv>({ strict: false });
  const router = new Router(api);

  app.use(async (c, next) => {
    const incoming = c.req.header('x-request-id');
    const requestId = incoming && REQUEST_ID.test(incoming) ? incoming : randomUUID();
    const started = performance.now();
    c.set('deps', deps);
    c.set('requestId', requestId);
    c.set('touched', {});
    c.set('principal', { kind: 'anonymous' });
    c.set('format', 'json');
    c.set('log', deps.logger.child({ request_id: requestId }));
    await next();
    c.res.headers.set('X-Request-Id', requestId);
    c.get('log').info('request completed', {
      method: c.req.method,
      path: c.req.path,
      status: c.res.status,
      duration_ms: Math.round((performance.now() - started) * 10) / 10,
      ...c.get('touched'),
    });
  });

  api.use(async (c, next) => {
    c.set('format', negotiateFormat(c.req.header('accept')));
    await next();
  });

  registerVersionRoutes(router);
  registerReleaseRoutes(router);
  registerClusterRoutes(router);
  registerClusterAttributeRoutes(router);
  registerNetworkConfigurationRoutes(router);
  registerAssignmentRoutes(router);
  registerOrchestrationRoutes(router);
  registerEventRoutes(router);
  registerNodeAgentRoutes(router);
  registerNodeRoutes(router);
  registerNodeInterfaceRoutes(router);
  registerNodeDiskRoutes(router);
  registerTaskRoutes(router);
  registerNotificationRoutes(router);
  registerSiteRoutes(router);
  registerOpenApiRoute(router);

  app.route('/api/v1', api);
  app.route('/api', api);
  registerKeystoneRoutes(app);

  app.notFound((c) => {
    const methods = c.req.path.startsWith('/api') ? router.methodsFor(c.req.path) : undefined;
    const error = methods
      ? new MethodNotAllowed(`Method ${c.req.method} is not allowed here`)
      : new NotFound('not found');
    const response = errorResponse(error, c);
    if (methods) response.headers.set('Allow', [...methods].join(', '));
    return response;
  });
  app.onError((error, c) => errorResponse(error, c));

  return app;
}
