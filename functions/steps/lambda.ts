import { readEnvConfig } from '../api/config.js';
import { resolveSecretEnv } from '../core/aws/secret-env.js';
import type { CoreContext } from '../core/context.js';
import { createLogger } from '../core/logger.js';
import { createPostgresDatabase } from '../db/postgres.js';
import { handleStep } from './handler.js';

let ready: Promise<CoreContext> | undefined;

async function coldStart(): Promise<CoreContext> {
  const config = readEnvConfig(await resolveSecretEnv());
  if (!config.databaseUrl) throw new Error('DATABASE_URL or DATABASE_SECRET_ARN is required');
  const logger = createLogger({ level: config.logLevel, service: 'fuel-steps' });
  // Map states run many of these at once; RDS Proxy multiplexes, so two connections suffice.
  const db = createPostgresDatabase({ connectionString: config.databaseUrl, max: 2 });

  return { db, logger, settings: config.settings, now: () => new Date() };
}

/**
 * The Lambda steps of the state machines (`${StepsFunctionArn}`): the payload is the state's
 * `Parameters` and the result goes back to the execution as is. A thrown error keeps its
 * `name` (`Steps.TaskGone`, ...), which the Node.js runtime reports as the error type that the
 * machines' `Retry` and `Catch` match.
 */
export async function handler(payload: unknown): Promise<unknown> {
  ready ??= coldStart().catch((error: unknown) => {
    ready = undefined;
    throw error;
  });
  const ctx = await ready;
  try {
    return await handleStep(ctx, payload);
  } catch (error) {
    ctx.logger.error('step failed', { action: actionOf(payload), error });
    throw error;
  }
}

function actionOf(payload: unknown): unknown {
  return typeof payload === 'object' && payload !== null
    ? (payload as { action?: unknown }).action
    : undefined;
}
