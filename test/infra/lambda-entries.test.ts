import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { handler as migrateHandler } from '../../functions/db/migrate-lambda.js';
import { handler as stepsHandler } from '../../functions/steps/lambda.js';
import { createSchemaUrl, type SchemaUrl } from './support/schema-url.js';

const postgres = process.env.DATABASE_URL;
const saved = { ...process.env };
let schema: SchemaUrl | undefined;

beforeAll(async () => {
  // Without PostgreSQL the handlers get an address nothing listens on: the tests below that
  // run without it must fail before any connection.
  schema = postgres ? await createSchemaUrl(postgres) : undefined;
  process.env.DATABASE_URL = schema?.url ?? 'postgresql://nobody@127.0.0.1:1/none';
  process.env.FUEL_ADMIN_PASSWORD = 'entry-admin-password';
  delete process.env.FUEL_MIGRATIONS_DIR;
});

afterAll(async () => {
  process.env = saved;
  await schema?.drop();
});

describe('the migration function', () => {
  it('leaves the database alone when its stack is deleted', async () => {
    const result = await migrateHandler({
      RequestType: 'Delete',
      PhysicalResourceId: 'fuel-schema',
    });

    expect(result).toEqual({ PhysicalResourceId: 'fuel-schema', Data: { Applied: 0 } });
  });

  it('fails the deploy when the bundle lacks the migrations, instead of migrating nothing', async () => {
    process.env.FUEL_MIGRATIONS_DIR = '/nonexistent/migrations';

    const attempt = migrateHandler({ RequestType: 'Update' });

    await expect(attempt).rejects.toThrow('no migrations in /nonexistent/migrations');
    delete process.env.FUEL_MIGRATIONS_DIR;
  });

  it.skipIf(!postgres)(
    'applies every migration, seeds the release and the admin, then has nothing left to apply (waits for PostgreSQL at DATABASE_URL)',
    async () => {
      const first = await migrateHandler({ RequestType: 'Create' });
      const second = await migrateHandler({ RequestType: 'Update' });

      expect(first.Data.Applied).toBeGreaterThan(0);
      expect(second).toEqual({ PhysicalResourceId: 'fuel-schema', Data: { Applied: 0 } });
      const releases = await schema?.query<{ n: number }>(
        'SELECT count(*)::int AS n FROM releases',
      );
      const users = await schema?.query<{ username: string }>('SELECT username FROM users');
      expect(releases).toEqual([{ n: 1 }]);
      expect(users).toEqual([{ username: 'admin' }]);
    },
  );
});

describe('the steps function', () => {
  it('fails a malformed payload with the error name the machines match', async () => {
    const attempt = stepsHandler({ action: 'prepare' });

    await expect(attempt).rejects.toMatchObject({ name: 'Steps.InvalidPayload' });
  });

  it.skipIf(!postgres)(
    'names the failure of a step for a task that does not exist (waits for PostgreSQL at DATABASE_URL)',
    async () => {
      await migrateHandler({ RequestType: 'Create' });

      const attempt = stepsHandler({
        action: 'prepare',
        task_uuid: '00000000-0000-4000-8000-00000000dead',
      });

      await expect(attempt).rejects.toMatchObject({ name: 'Steps.TaskGone' });
    },
  );
});
