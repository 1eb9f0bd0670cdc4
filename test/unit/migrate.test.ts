import { mkdtemp, readdir, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import type { Database } from '../../functions/db/database.js';
import { MIGRATIONS_DIR, migrate } from '../../functions/db/migrate.js';
import { createTestDatabase } from '../support/database.js';

let db: Database | undefined;
afterEach(async () => {
  await db?.close();
  db = undefined;
});

describe('migrate', () => {
  it('applies every migration once and is a no-op the second time', async () => {
    db = await createTestDatabase();

    const first = await migrate(db);
    const second = await migrate(db);

    expect(first[0]).toBe('0001_initial.sql');
    expect(second).toEqual([]);
    const { rows } = await db.query<{ n: number }>(
      'SELECT count(*)::int AS n FROM schema_migrations',
    );
    expect(rows[0]?.n).toBe(first.length);
  });

  it('rolls back a failing file whole and records nothing for it', async () => {
    db = await createTestDatabase();
    const dir = await mkdtemp(join(tmpdir(), 'fuel-migrations-'));
    await writeFile(join(dir, '0001_ok.sql'), 'CREATE TABLE a (id int);');
    await writeFile(
      join(dir, '0002_bad.sql'),
      'CREATE TABLE b (id int); SELECT nonsense FROM nowhere;',
    );

    await expect(migrate(db, dir)).rejects.toThrow();

    const tables = await db.query<{ name: string }>(
      "SELECT table_name AS name FROM information_schema.tables WHERE table_name IN ('a', 'b') AND table_schema = current_schema()",
    );
    expect(tables.rows.map((r) => r.name)).toEqual(['a']);
    const applied = await db.query<{ name: string }>('SELECT name FROM schema_migrations');
    expect(applied.rows.map((r) => r.name)).toEqual(['0001_ok.sql']);
  });

  it('lets two migrators race without applying anything twice', async () => {
    db = await createTestDatabase();
    const files = (await readdir(MIGRATIONS_DIR)).filter((f) => f.endsWith('.sql')).sort();

    const [a, b] = await Promise.all([migrate(db), migrate(db)]);

    expect([...a, ...b].sort()).toEqual(files);
  });
});
