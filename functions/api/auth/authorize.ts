import type { Context } from 'hono';
import { verifySiteCredential } from '../../core/auth/sites.js';
import { verifyToken } from '../../core/auth/tokens.js';
import { NotAllowed, Unauthorized } from '../../core/errors.js';
import { cidrContains, parseCidr } from '../../core/net/ip.js';
import type { AppEnv, Principal } from '../env.js';
import type { Access } from '../http/route.js';

/**
 * Decides who the caller is and whether `access` lets them in; throws 401/403 otherwise.
 * Operators send `X-Auth-Token`; relays send their site credential as a bearer token;
 * discovery agents on the admin network send nothing and are known by their address.
 */
export async function authorize(c: Context<AppEnv>, access: Access): Promise<Principal> {
  if (access === 'public') return { kind: 'anonymous' };
  const principal = await identify(c);
  c.set('principal', principal);
  if (principal.kind === 'user') return principal;
  if (access === 'agent' && principal.kind !== 'anonymous') return principal;
  if (access === 'agent') {
    throw new NotAllowed('Agent routes need a site credential or an address on an admin network');
  }
  throw new Unauthorized();
}

async function identify(c: Context<AppEnv>): Promise<Principal> {
  const deps = c.get('deps');
  const token = c.req.header('x-auth-token');
  if (token) {
    const claims = verifyToken(token, deps.config.tokenSecret, deps.now().getTime() / 1000);
    if (!claims) throw new Unauthorized('The authentication token is invalid or expired');
    c.get('touched').user = claims.username;
    return { kind: 'user', userId: claims.userId, username: claims.username, roles: claims.roles };
  }

  const bearer = /^Bearer\s+(\S+)$/i.exec(c.req.header('authorization') ?? '')?.[1];
  if (bearer) {
    const site = await verifySiteCredential(deps.db, bearer);
    if (!site) throw new Unauthorized('The site credential is not valid');
    c.get('touched').site = site.name;
    return { kind: 'site', siteId: site.id, siteName: site.name };
  }

  const address = deps.clientAddress(c.req.raw, c.env);
  if (address && deps.config.agentCidrs.some((text) => inCidr(text, address))) {
    return { kind: 'admin-network', address };
  }
  return { kind: 'anonymous' };
}

function inCidr(text: string, address: string): boolean {
  const cidr = parseCidr(text);
  return cidr !== undefined && cidrContains(cidr, address);
}
