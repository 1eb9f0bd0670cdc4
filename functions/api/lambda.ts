import type { Hono } from 'hono';
import { handle } from 'hono/aws-lambda';
import { createLogger } from '../core/logger.js';
import { createPostgresDatabase } from '../db/postgres.js';
import { createApp } from './app.js';
import { prepareInstallation } from './bootstrap.js';
import { readEnvConfig } from './config.js';
import type { AppEnv } from './env.js';

type LambdaHandler = ReturnType<typeof handle>;

/** API Gateway REST API (v1 proxy events) peer address. */
export function lambdaClientAddress(_raw: Request, env: unknown): string | undefined {
  const event = (env as { event?: { requestContext?: { identity?: { sourceIp?: string } } } })
    ?.event;
  return event?.requestContext?.identity?.sourceIp;
}

/** Builds the Lambda handler around an app; tests pass their own app. */
export function lambdaHandlerFor(app: Hono<AppEnv>): LambdaHandler {
  return handle(app);
}

let ready: Promise<LambdaHandler> | undefined;

async function coldStart(): Promise<LambdaHandler> {
  const config = readEnvConfig();
  if (!config.databaseUrl) throw new Error('DATABASE_URL is required in Lambda');
  const logger = createLogger({ level: config.logLevel, service: 'fuel-api' });
  const db = createPostgresDatabase({ connectionString: config.databaseUrl, max: 2 });
  const { deps } = await prepareInstallation(db, config, logger, { migrate: false });
  return handle(createApp({ ...deps, clientAddress: lambdaClientAddress }));
}

/** The Lambda entry point: one app per container, built on the first event. */
export const handler: LambdaHandler = async (event, context) => {
  ready ??= coldStart().catch((error: unknown) => {
    ready = undefined;
    throw error;
  });
  return (await ready)(event, context);
};
