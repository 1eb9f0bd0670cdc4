import type { Context, Hono } from 'hono';
import { z } from 'zod';
import { signToken, verifyToken } from '../../core/auth/tokens.js';
import { authenticate } from '../../core/auth/users.js';
import type { AppEnv } from '../env.js';
import { readJson, validate } from '../http/body.js';
import { reply } from '../http/reply.js';

/** Keystone v2 token requests, both forms fuelclient and keystoneclient send. */
const tokenRequest = z.object({
  auth: z.union([
    z.object({
      passwordCredentials: z.object({ username: z.string().min(1), password: z.string() }),
      tenantName: z.string().optional(),
      tenantId: z.string().optional(),
    }),
    z.object({
      token: z.object({ id: z.string().min(1) }),
      tenantName: z.string().optional(),
      tenantId: z.string().optional(),
    }),
  ]),
});

const TENANT = { id: 'admin', name: 'admin', description: 'Fuel operators', enabled: true };

/**
 * A Keystone v2-compatible token endpoint (what Nailgun's fake Keystone offered), backed by
 * our users table and signed tokens, so the stock fuel2 client logs in unchanged.
 */
export function registerKeystoneRoutes(app: Hono<AppEnv>): void {
  app.get('/keystone', (c) => reply(c, { versions: { values: [versionDocument(c)] } }, 300));
  app.get('/keystone/v2.0', (c) => reply(c, { version: versionDocument(c) }));

  app.post('/keystone/v2.0/tokens', async (c) => {
    const { auth } = validate(tokenRequest, await readJson(c.req.raw));
    const deps = c.get('deps');
    const now = deps.now();
    let user: { id: number; username: string; roles: string[] } | undefined;

    if ('passwordCredentials' in auth) {
      const { username, password } = auth.passwordCredentials;
      user = await authenticate(deps.db, username, password);
    } else {
      const claims = verifyToken(auth.token.id, deps.config.tokenSecret, now.getTime() / 1000);
      user = claims && { id: claims.userId, username: claims.username, roles: claims.roles };
    }
    if (!user) {
      // Keystone clients read {"error": {...}}; Nailgun's clients read "message". Give both.
      const message = 'Invalid username, password or token';
      return reply(
        c,
        { error: { message, code: 401, title: 'Unauthorized' }, message, errors: [] },
        401,
      );
    }

    const issuedAt = Math.floor(now.getTime() / 1000);
    const expiresAt = issuedAt + deps.config.tokenTtlSeconds;
    const id = signToken(
      { userId: user.id, username: user.username, roles: user.roles, issuedAt, expiresAt },
      deps.config.tokenSecret,
    );
    c.get('touched').user = user.username;
    c.get('log').info('token issued', { user: user.username, expires_at: iso(expiresAt) });

    return reply(c, {
      access: {
        token: { id, issued_at: iso(issuedAt), expires: iso(expiresAt), tenant: TENANT },
        serviceCatalog: [],
        user: {
          id: String(user.id),
          name: user.username,
          username: user.username,
          roles: user.roles.map((name) => ({ name })),
          roles_links: [],
        },
        metadata: { is_admin: user.roles.includes('admin') ? 1 : 0, roles: user.roles },
      },
    });
  });
}

function versionDocument(c: Context<AppEnv>) {
  const base = new URL(c.req.url).origin;
  return {
    id: 'v2.0',
    status: 'stable',
    updated: '2014-04-17T00:00:00Z',
    links: [{ rel: 'self', href: `${base}/keystone/v2.0/` }],
    'media-types': [
      { base: 'application/json', type: 'application/vnd.openstack.identity-v2.0+json' },
    ],
  };
}

function iso(seconds: number): string {
  return `${new Date(seconds * 1000).toISOString().slice(0, 19)}Z`;
}
