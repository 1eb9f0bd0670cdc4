import type { IncomingMessage } from 'node:http';
import { serve } from '@hono/node-server';
import { createApp } from '../../functions/api/app.js';
import { prepareInstallation } from '../../functions/api/bootstrap.js';
import { readEnvConfig } from '../../functions/api/config.js';
import { createLogger } from '../../functions/core/logger.js';
import { startBackgroundWork } from './background.js';
import { openLocalDatabase } from './database.js';
import { createEmbeddedRuntime } from './runtime.js';

/** The embedded mode: the whole system in one process, for a newcomer's first look. */
async function main(): Promise<void> {
  const config = readEnvConfig();
  const logger = createLogger({ level: config.logLevel, service: 'fuel' });
  const port = Number(process.env.PORT ?? 8000);
  const host = process.env.HOST ?? '127.0.0.1';
  const { db, description } = await openLocalDatabase(
    config.databaseUrl,
    process.env.FUEL_DATA_DIR ?? '.fuel-data',
  );
  logger.info('database opened', { database: description });
  const { deps, generatedAdminPassword } = await prepareInstallation(db, config, logger);
  if (generatedAdminPassword) printAdminPassword(generatedAdminPassword);

  const runtime = createEmbeddedRuntime(deps);
  const recovered = await runtime.executor.recover();
  if (recovered.length > 0) {
    logger.warn('executions left by a previous process', { executions: recovered });
  }
  const background = await startBackgroundWork(deps, process.env.AMQP_URL || undefined);
  const app = createApp({
    ...deps,
    orchestration: runtime.orchestration,
    clientAddress: (_raw, env) =>
      (env as { incoming?: IncomingMessage }).incoming?.socket.remoteAddress,
  });
  const server = serve({ fetch: app.fetch, port, hostname: host }, (info) =>
    logger.info('api listening', { url: `http://${host}:${info.port}/api` }),
  );

  const stop = (signal: string) => {
    logger.info('stopping', { signal });
    server.close();
    void background
      .stop()
      .then(() => db.close())
      .finally(() => process.exit(0));
  };
  process.once('SIGINT', () => stop('SIGINT'));
  process.once('SIGTERM', () => stop('SIGTERM'));
}

/** Printed once, to the terminal only: the structured log never carries it. */
function printAdminPassword(password: string): void {
  process.stderr.write(
    `\nFirst start: created user "admin" with password ${password}\n` +
      'Set FUEL_ADMIN_PASSWORD before the first start to choose it instead.\n\n',
  );
}

main().catch((error: unknown) => {
  process.stderr.write(`fuel: could not start: ${error instanceof Error ? error.stack : error}\n`);
  process.exit(1);
});
