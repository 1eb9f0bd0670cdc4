import { randomBytes } from 'node:crypto';
import pg from 'pg';
import type { Database } from '../../functions/db/database.js';
import { createPgliteDatabase } from '../../functions/db/pglite.js';
import { createPostgresDatabase } from '../../functions/db/postgres.js';

/**
 * A database of one's own for a test file: a fresh schema of the PostgreSQL at DATABASE_URL
 * (dropped on close), or an in-memory PGlite when DATABASE_URL is unset.
 */
export async function createTestDatabase(): Promise<Database> {
  const url = process.env.DATABASE_URL;
  if (!url) return createPgliteDatabase();

  const schema = `test_${randomBytes(6).toString('hex')}`;
  const admin = new pg.Client({ connectionString: url });
  await admin.connect();
  await admin.query(`CREATE SCHEMA ${schema}`);
  await admin.end();

  const db = createPostgresDatabase({ connectionString: url, schema, max: 5 });
  return {
    ...db,
    async close() {
      await db.close();
      const cleanup = new pg.Client({ connectionString: url });
      await cleanup.connect();
      await cleanup.query(`DROP SCHEMA ${schema} CASCADE`);
      await cleanup.end();
    },
  };
}

export const usingPostgres = Boolean(process.env.DATABASE_URL);
