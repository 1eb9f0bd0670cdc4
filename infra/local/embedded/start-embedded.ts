/**
 * The whole system in one process: the API on HTTP, the local state machines, the offline
 * sweep (and the progress consumer with RabbitMQ), and the relay in-process with the simulated
 * data centre or a real one. `main.ts` calls it with the environment's settings; tests and the
 * benchmark call it with their own database.
 */

import { prepareInstallation } from '../../../functions/api/bootstrap.js';
import type { AppDeps } from '../../../functions/api/env.js';
import { createLogger, type Logger } from '../../../functions/core/logger.js';
import type { Database } from '../../../functions/db/database.js';
import { startBackgroundWork } from '../background.js';
import { openLocalDatabase } from '../database.js';
import type { Lab } from '../lab/index.js';
import { createEmbeddedRuntime, type EmbeddedRuntime } from '../runtime.js';
import { serveApi } from './api-server.js';
import { ensureLocalSite } from './local-site.js';
import { type EmbeddedRelay, startEmbeddedRelay } from './relay.js';
import type { EmbeddedSettings } from './settings.js';

/** Settings plus what a caller may bring instead of the defaults. */
export interface EmbeddedOptions extends EmbeddedSettings {
  /** A database to use (not closed on stop); else PostgreSQL at `DATABASE_URL` or PGlite. */
  db?: Database;
  logger?: Logger;
  /** Called once, before the API listens, when this start created the admin's password. */
  onAdminPassword?: (password: string) => void;
}

/** The running system. */
export interface Embedded {
  /** `http://<host>:<port>`; the API is under `/api`. */
  readonly url: string;
  readonly deps: Omit<AppDeps, 'clientAddress'>;
  readonly runtime: EmbeddedRuntime;
  readonly relay: EmbeddedRelay;
  readonly lab: Lab | undefined;
  /** Stops everything, last started first. */
  stop(): Promise<void>;
}

type Closer = () => Promise<void>;

/** Closes in reverse order, each once; every closer runs even when one fails. */
async function closeAll(closers: Closer[]): Promise<void> {
  for (const close of closers.splice(0).reverse()) await close().catch(() => undefined);
}

async function openDatabase(options: EmbeddedOptions, logger: Logger, closers: Closer[]) {
  if (options.db) return options.db;
  const { db, description } = await openLocalDatabase(options.config.databaseUrl, options.dataDir);
  closers.push(() => db.close());
  logger.info('database opened', { database: description });

  return db;
}

async function startAll(options: EmbeddedOptions, logger: Logger, closers: Closer[]) {
  const db = await openDatabase(options, logger, closers);
  const { deps, generatedAdminPassword } = await prepareInstallation(db, options.config, logger);
  if (generatedAdminPassword) options.onAdminPassword?.(generatedAdminPassword);
  const runtime = createEmbeddedRuntime(deps);
  const recovered = await runtime.executor.recover();
  if (recovered.length > 0) {
    logger.warn('executions left by a previous process', { executions: recovered });
  }
  const background = await startBackgroundWork(deps, options.amqp);
  closers.push(() => background.stop());
  const appDeps = { ...deps, orchestration: runtime.orchestration };
  const server = await serveApi(appDeps, options.host, options.port);
  closers.push(() => server.close());
  logger.info('api listening', { url: `${server.url}/api` });
  const relay = await startEmbeddedRelay({
    ctx: deps,
    runtime,
    dataDir: options.dataDir,
    apiBaseUrl: server.localUrl,
    credential: () => ensureLocalSite(db, options.dataDir, logger),
    lab: options.lab,
    discoveryPort: options.discoveryPort,
    amqp: options.amqp,
    relayConfigPath: options.relayConfigPath,
  });
  closers.push(() => relay.stop());

  return { url: server.url, deps: appDeps, runtime, relay };
}

/** Starts everything; a failure part way stops what had started and rethrows. */
export async function startEmbedded(options: EmbeddedOptions): Promise<Embedded> {
  const logger =
    options.logger ?? createLogger({ level: options.config.logLevel, service: 'fuel' });
  const closers: Closer[] = [];
  try {
    const started = await startAll(options, logger, closers);
    return {
      ...started,
      lab: started.relay.lab,
      async stop() {
        logger.info('stopping');
        await closeAll(closers);
        logger.info('stopped');
      },
    };
  } catch (error) {
    await closeAll(closers);
    throw error;
  }
}
