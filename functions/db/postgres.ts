import pg from 'pg';
import type { Database, Queryable, QueryResult } from './database.js';

export interface PostgresOptions {
  connectionString: string;
  /** Schema put first on the search path of every connection (tests isolate themselves so). */
  schema?: string;
  max?: number;
}

/** A {@link Database} on a `pg` pool. */
export function createPostgresDatabase(options: PostgresOptions): Database {
  const pool = new pg.Pool({
    connectionString: options.connectionString,
    max: options.max ?? 10,
    ...(options.schema ? { options: `-c search_path=${options.schema}` } : {}),
  });
  // An idle client that loses its server emits here; without a listener the process would exit.
  pool.on('error', () => undefined);

  return {
    kind: 'postgres',
    query: (text, params) => run(pool, text, params),
    exec: async (script) => {
      await pool.query(script);
    },
    async transaction(work) {
      const client = await pool.connect();
      try {
        await client.query('BEGIN');
        const tx: Queryable = {
          query: (text, params) => run(client, text, params),
          exec: async (script) => {
            await client.query(script);
          },
        };
        const result = await work(tx);
        await client.query('COMMIT');
        return result;
      } catch (error) {
        await client.query('ROLLBACK').catch(() => undefined);
        throw error;
      } finally {
        client.release();
      }
    },
    close: () => pool.end(),
  };
}

async function run<R>(
  target: pg.Pool | pg.PoolClient,
  text: string,
  params?: unknown[],
): Promise<QueryResult<R>> {
  const result = await target.query(text, params as unknown[]);
  return { rows: result.rows as R[], rowCount: result.rowCount ?? 0 };
}
