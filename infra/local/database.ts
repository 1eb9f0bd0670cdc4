import { mkdir } from 'node:fs/promises';
import { resolve } from 'node:path';
import type { Database } from '../../functions/db/database.js';
import { createPgliteDatabase } from '../../functions/db/pglite.js';
import { createPostgresDatabase } from '../../functions/db/postgres.js';

/** PostgreSQL at `databaseUrl`, or PGlite keeping its files under `dataDir`. */
export async function openLocalDatabase(
  databaseUrl: string | undefined,
  dataDir: string,
): Promise<{ db: Database; description: string }> {
  if (databaseUrl) {
    const url = new URL(databaseUrl);
    return {
      db: createPostgresDatabase({ connectionString: databaseUrl }),
      description: `postgres://${url.host}${url.pathname}`,
    };
  }
  const dir = resolve(dataDir, 'pgdata');
  await mkdir(dir, { recursive: true });
  return { db: await createPgliteDatabase(dir), description: `pglite:${dir}` };
}
