import { createHmac, randomBytes, timingSafeEqual } from 'node:crypto';

/** What an operator token says about its holder. */
export interface TokenClaims {
  userId: number;
  username: string;
  roles: string[];
  issuedAt: number;
  expiresAt: number;
}

const VERSION = 'f1';

/** Signs claims into an opaque token: `f1.<payload b64url>.<hmac b64url>`. */
export function signToken(claims: TokenClaims, secret: Buffer): string {
  const payload = Buffer.from(
    JSON.stringify({
      sub: claims.userId,
      usr: claims.username,
      rol: claims.roles,
      iat: claims.issuedAt,
      exp: claims.expiresAt,
      jti: randomBytes(9).toString('base64url'),
    }),
  ).toString('base64url');
  return `${VERSION}.${payload}.${mac(payload, secret)}`;
}

/** The claims of a valid, unexpired token; undefined for anything else. */
export function verifyToken(
  token: string,
  secret: Buffer,
  nowSeconds: number,
): TokenClaims | undefined {
  const [version, payload, signature] = token.split('.');
  if (version !== VERSION || !payload || !signature) return undefined;
  const expected = Buffer.from(mac(payload, secret));
  const given = Buffer.from(signature);
  if (expected.length !== given.length || !timingSafeEqual(expected, given)) return undefined;
  try {
    const body = JSON.parse(Buffer.from(payload, 'base64url').toString('utf8')) as Record<
      string,
      unknown
    >;
    const claims: TokenClaims = {
      userId: Number(body.sub),
      username: String(body.usr),
      roles: Array.isArray(body.rol) ? body.rol.map(String) : [],
      issuedAt: Number(body.iat),
      expiresAt: Number(body.exp),
    };
    return claims.expiresAt > nowSeconds ? claims : undefined;
  } catch {
    return undefined;
  }
}

function mac(payload: string, secret: Buffer): string {
  return createHmac('sha256', secret).update(`${VERSION}.${payload}`).digest('base64url');
}
