import type { Hono } from 'hono';
import { handle } from 'hono/aws-lambda';
import { resolveSecretEnv } from '../core/aws/secret-env.js';
import { createLogger } from '../core/logger.js';
import { MACHINE_NAMES, type MachineName } from '../core/orchestration/executor.js';
import { createSfnExecutor } from '../core/orchestration/sfn-executor.js';
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
  const config = readEnvConfig(await resolveSecretEnv());
  if (!config.databaseUrl) throw new Error('DATABASE_URL is required in Lambda');
  const logger = createLogger({ level: config.logLevel, service: 'fuel-api' });
  const db = createPostgresDatabase({ connectionString: config.databaseUrl, max: 2 });
  const { deps } = await prepareInstallation(db, config, logger, { migrate: false });
  const orchestration = {
    executor: createSfnExecutor({ stateMachineArns: stateMachineArnsFromEnv() }),
    queueUrl: requiredEnv('FUEL_SITE_QUEUE_URL'),
    maxConcurrency: Number(process.env.FUEL_MAX_CONCURRENCY ?? 50),
  };
  return handle(createApp({ ...deps, orchestration, clientAddress: lambdaClientAddress }));
}

/** The Lambda entry point: one app per container, built on the first event. */
export const handler: LambdaHandler = async (event, context) => {
  ready ??= coldStart().catch((error: unknown) => {
    ready = undefined;
    throw error;
  });
  return (await ready)(event, context);
};

function requiredEnv(name: string): string {
  const value = process.env[name];
  if (!value) throw new Error(`${name} is required in Lambda`);
  return value;
}

/** STATE_MACHINE_ARN_DEPLOY_CHANGES, STATE_MACHINE_ARN_PROVISION, ... set by the stack. */
function stateMachineArnsFromEnv(): Record<MachineName, string> {
  const arns = {} as Record<MachineName, string>;
  for (const name of MACHINE_NAMES) {
    arns[name] = requiredEnv(`STATE_MACHINE_ARN_${name.toUpperCase().replaceAll('-', '_')}`);
  }
  return arns;
}
