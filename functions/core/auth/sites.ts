import { createHash, randomBytes, timingSafeEqual } from 'node:crypto';
import type { Queryable } from '../../db/database.js';
import { AlreadyExists, InvalidData } from '../errors.js';

export interface Site {
  id: number;
  name: string;
  created_at: Date;
  last_seen_at: Date | null;
}

const PREFIX = 'fsc';
const SITE_NAME = /^[a-z0-9][a-z0-9-]{0,62}$/;

// Site credentials are 256 random bits, so a plain SHA-256 suffices to store them: unlike a
// password there is nothing to guess, and agents check in often enough that scrypt would cost.
function digest(secret: string): string {
  return createHash('sha256').update(secret).digest('hex');
}

/** Registers a site; its credential is returned here only and stored as a digest. */
export async function createSite(
  db: Queryable,
  name: string,
): Promise<{ site: Site; credential: string }> {
  if (!SITE_NAME.test(name)) {
    throw new InvalidData('Site name must be 1-63 lower-case letters, digits or dashes');
  }
  const secret = randomBytes(32).toString('base64url');
  const { rows } = await db.query<Site>(
    `INSERT INTO sites (name, credential_hash) VALUES ($1, $2)
     ON CONFLICT (name) DO NOTHING RETURNING id, name, created_at, last_seen_at`,
    [name, digest(secret)],
  );
  const site = rows[0];
  if (!site) throw new AlreadyExists(`Site with name '${name}' already exists`);
  return { site, credential: `${PREFIX}_${site.id}_${secret}` };
}

export async function listSites(db: Queryable): Promise<Site[]> {
  const { rows } = await db.query<Site>(
    'SELECT id, name, created_at, last_seen_at FROM sites ORDER BY id',
  );
  return rows;
}

/** The site a credential belongs to, or undefined. */
export async function verifySiteCredential(
  db: Queryable,
  credential: string,
): Promise<Site | undefined> {
  const m = /^fsc_(\d{1,9})_([\w-]{20,100})$/.exec(credential);
  if (!m?.[1] || !m[2]) return undefined;
  const { rows } = await db.query<Site & { credential_hash: string }>(
    'SELECT id, name, created_at, last_seen_at, credential_hash FROM sites WHERE id = $1',
    [Number(m[1])],
  );
  const row = rows[0];
  if (!row) return undefined;
  const expected = Buffer.from(row.credential_hash, 'hex');
  const actual = Buffer.from(digest(m[2]), 'hex');
  if (!timingSafeEqual(expected, actual)) return undefined;
  return { id: row.id, name: row.name, created_at: row.created_at, last_seen_at: row.last_seen_at };
}

/**
 * Forgets a site, and with it its credential. Only a credential's digest is stored, so a relay
 * that lost its credential file is registered again under the same name after this.
 */
export async function removeSite(db: Queryable, name: string): Promise<void> {
  await db.query('DELETE FROM sites WHERE name = $1', [name]);
}
