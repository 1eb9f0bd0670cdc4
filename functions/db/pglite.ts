import { PGlite, type Transaction } from '@electric-sql/pglite';
import type { Database, Queryable, QueryResult } from './database.js';

/**
 * A {@link Database} on PGlite, PostgreSQL compiled to WebAssembly and run in this process.
 * PGlite has one session, so a mutex gives each transaction the session to itself; plain
 * queries wait for it like a second connection would wait for a lock.
 */
export async function createPgliteDatabase(dataDir?: string): Promise<Database> {
  const db = await PGlite.create(dataDir ? { dataDir } : {});
  const lock = new Mutex();

  return {
    kind: 'pglite',
    query: (text, params) => lock.run(() => run(db, text, params)),
    exec: (script) => lock.run(async () => void (await db.exec(script))),
    transaction: (work) =>
      lock.run(() =>
        db.transaction(async (inner) => {
          const tx: Queryable = {
            query: (text, params) => run(inner, text, params),
            exec: async (script) => void (await inner.exec(script)),
          };
          return work(tx);
        }),
      ),
    close: () => lock.run(() => db.close()),
  };
}

async function run<R>(
  target: PGlite | Transaction,
  text: string,
  params?: unknown[],
): Promise<QueryResult<R>> {
  const result = await target.query<R>(text, params);
  return { rows: result.rows, rowCount: result.affectedRows || result.rows.length };
}

class Mutex {
  #tail: Promise<unknown> = Promise.resolve();

  run<T>(work: () => Promise<T>): Promise<T> {
    const next = this.#tail.then(work, work);
    this.#tail = next.catch(() => undefined);
    return next;
  }
}
