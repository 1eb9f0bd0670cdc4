import { randomBytes } from 'node:crypto';
import type { Queryable } from '../../db/database.js';

/**
 * The key that signs operator tokens: the configured one, else one generated at first start
 * and kept in the database so every instance of the API shares it.
 */
export async function resolveSigningKey(db: Queryable, configured?: string): Promise<Buffer> {
  if (configured) return Buffer.from(configured, 'utf8');
  await db.query(
    `INSERT INTO installation_secrets (name, value) VALUES ('token_signing_key', $1)
     ON CONFLICT (name) DO NOTHING`,
    [randomBytes(32).toString('base64')],
  );
  const { rows } = await db.query<{ value: string }>(
    "SELECT value FROM installation_secrets WHERE name = 'token_signing_key'",
  );
  const value = rows[0]?.value;
  if (!value) throw new Error('token signing key missing after insert');
  return Buffer.from(value, 'base64');
}
