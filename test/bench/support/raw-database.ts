import pg from 'pg';
import type { Database } from '../../../functions/db/database.js';

/** The same database the app uses, reached without the app: what a baseline runs on. */
export interface RawDatabase {
  /** What the output says the figures were measured against. */
  label: string;
  /** How the baseline reaches it. */
  driver: string;
  query(text: string, params: unknown[]): Promise<unknown>;
  close(): Promise<void>;
}

/** Connections the test database gives the app (test/support/database.ts). */
export const APP_POOL_SIZE = 5;

/**
 * A `pg.Pool` as large as the app's on the app's schema of the PostgreSQL at DATABASE_URL, or,
 * with PGlite, the app's own in-process database (PGlite has one session and no wire protocol).
 */
export async function openRawDatabase(db: Database): Promise<RawDatabase> {
  const url = process.env.DATABASE_URL;
  if (db.kind === 'pglite' || !url) {
    return {
      label: 'PGlite (in-process, DATABASE_URL unset)',
      driver: 'the Database port of PGlite, no HTTP',
      query: (text, params) => db.query(text, params),
      close: async () => undefined,
    };
  }
  const { rows } = await db.query<{ schema: string; version: string }>(
    "SELECT current_schema() AS schema, current_setting('server_version') AS version",
  );
  const { schema, version } = rows[0] ?? { schema: 'public', version: '?' };
  const pool = new pg.Pool({
    connectionString: url,
    max: APP_POOL_SIZE,
    options: `-c search_path=${schema}`,
  });
  pool.on('error', () => undefined);

  return {
    label: `PostgreSQL ${version} at ${new URL(url).host} (schema ${schema}, pool ${APP_POOL_SIZE})`,
    driver: `pg.Pool of ${APP_POOL_SIZE}, no HTTP`,
    query: (text, params) => pool.query(text, params),
    close: () => pool.end(),
  };
}
