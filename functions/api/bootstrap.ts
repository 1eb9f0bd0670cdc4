import { resolveSigningKey } from '../core/auth/signing-key.js';
import { ensureAdmin } from '../core/auth/users.js';
import type { Logger } from '../core/logger.js';
import { seedReleases } from '../core/releases/seed.js';
import type { Database } from '../db/database.js';
import { migrate } from '../db/migrate.js';
import type { EnvConfig } from './config.js';
import type { AppDeps } from './env.js';

type AdminSetup = Awaited<ReturnType<typeof ensureAdmin>>;

export interface PreparedInstallation {
  deps: Omit<AppDeps, 'clientAddress' | 'orchestration'>;
  /** Set when this start created the admin with a generated password (print it once). */
  generatedAdminPassword?: string;
}

/**
 * Brings a database to the current schema, seeds the first release and the admin user, and
 * resolves the token key: everything a host does before it serves the first request.
 */
export async function prepareInstallation(
  db: Database,
  config: EnvConfig,
  logger: Logger,
  options: { migrate: boolean } = { migrate: true },
): Promise<PreparedInstallation> {
  const admin: AdminSetup = options.migrate
    ? await migrateAndSeed(db, config, logger)
    : { created: false };
  const tokenSecret = await resolveSigningKey(db, config.tokenSecret);

  return {
    deps: {
      db,
      logger,
      settings: config.settings,
      now: () => new Date(),
      config: {
        agentCidrs: config.agentCidrs,
        tokenTtlSeconds: config.tokenTtlSeconds,
        tokenSecret,
      },
    },
    ...(admin.generatedPassword ? { generatedAdminPassword: admin.generatedPassword } : {}),
  };
}

/**
 * Migrations, the first release and the first admin. The embedded host runs this at start; in
 * AWS the migration function runs it on deploy, so API containers never race on the schema.
 */
export async function migrateAndSeed(
  db: Database,
  config: EnvConfig,
  logger: Logger,
): Promise<AdminSetup> {
  const applied = await migrate(db);
  if (applied.length > 0) logger.info('migrations applied', { migrations: applied });
  if (await seedReleases(db)) logger.info('release seeded');
  const admin = await ensureAdmin(db, config.adminPassword);
  if (admin.created) logger.info('admin user created');
  return admin;
}
