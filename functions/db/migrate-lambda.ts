import { readdir } from 'node:fs/promises';
import { migrateAndSeed } from '../api/bootstrap.js';
import { readEnvConfig } from '../api/config.js';
import { resolveSecretEnv } from '../core/aws/secret-env.js';
import { createLogger } from '../core/logger.js';
import { MIGRATIONS_DIR, migrate } from './migrate.js';
import { createPostgresDatabase } from './postgres.js';

/** The part of a CloudFormation custom resource event (Provider framework) this reads. */
export interface SchemaEvent {
  RequestType: 'Create' | 'Update' | 'Delete';
  PhysicalResourceId?: string;
}

/** One physical id for the schema: an update never "replaces" it, a delete leaves it. */
const SCHEMA_RESOURCE_ID = 'fuel-schema';

const logger = createLogger({ service: 'fuel-migrate', level: 'info' });

/**
 * The custom resource that applies the SQL migrations on every deploy that changes them, then
 * seeds the first release and the `admin` user (its password from
 * `FUEL_ADMIN_PASSWORD_SECRET_ARN`), so API containers never race on the schema. A delete of
 * the stack leaves the database alone: the data outlives the resource.
 */
export async function handler(
  event: SchemaEvent,
): Promise<{ PhysicalResourceId: string; Data: { Applied: number } }> {
  if (event.RequestType === 'Delete') {
    return {
      PhysicalResourceId: event.PhysicalResourceId ?? SCHEMA_RESOURCE_ID,
      Data: { Applied: 0 },
    };
  }
  const config = readEnvConfig(await resolveSecretEnv());
  if (!config.databaseUrl) throw new Error('DATABASE_URL or DATABASE_SECRET_ARN is required');
  const dir = process.env.FUEL_MIGRATIONS_DIR ?? MIGRATIONS_DIR;
  await requireMigrations(dir);
  const db = createPostgresDatabase({ connectionString: config.databaseUrl, max: 1 });
  try {
    const applied = await migrate(db, dir);
    logger.info('schema migrated', { applied });
    // Migrations are already applied, so this only seeds the release and the first admin.
    await migrateAndSeed(db, config, logger);
    return { PhysicalResourceId: SCHEMA_RESOURCE_ID, Data: { Applied: applied.length } };
  } finally {
    await db.close();
  }
}

/** A bundle without its SQL files would "succeed" with no schema; fail the deploy instead. */
async function requireMigrations(dir: string): Promise<void> {
  const files = (await readdir(dir).catch(() => [])).filter((f) => f.endsWith('.sql'));
  if (files.length === 0) throw new Error(`no migrations in ${dir}: the bundle lacks them`);
}
