import { randomBytes } from 'node:crypto';
import pg from 'pg';

/** A fresh schema of the PostgreSQL at `url`, as a connection string that works in it. */
export interface SchemaUrl {
  url: string;
  schema: string;
  query<R>(text: string): Promise<R[]>;
  drop(): Promise<void>;
}

/**
 * A schema of one's own for code that builds its own pool from a connection string (the
 * Lambda entries): the search path travels in the URL's `options` parameter.
 */
export async function createSchemaUrl(url: string): Promise<SchemaUrl> {
  const schema = `infra_${randomBytes(6).toString('hex')}`;
  const admin = new pg.Client({ connectionString: url });
  await admin.connect();
  await admin.query(`CREATE SCHEMA ${schema}`);
  const separator = url.includes('?') ? '&' : '?';

  return {
    url: `${url}${separator}options=${encodeURIComponent(`-c search_path=${schema}`)}`,
    schema,
    async query<R>(text: string) {
      await admin.query(`SET search_path TO ${schema}`);
      return (await admin.query(text)).rows as R[];
    },
    async drop() {
      await admin.query(`DROP SCHEMA ${schema} CASCADE`);
      await admin.end();
    },
  };
}
