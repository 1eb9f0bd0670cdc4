import { resolveSecretEnv } from '../core/aws/secret-env.js';
import { DEFAULT_SETTINGS } from '../core/context.js';
import { createLogger } from '../core/logger.js';
import type { Database } from '../db/database.js';
import { createPostgresDatabase } from '../db/postgres.js';
import { applyProgress } from './apply.js';
import { decodeRmqEvent, rmqEventSchema } from './rmq-event.js';

let db: Database | undefined;
const logger = createLogger({ service: 'fuel-progress', level: 'info' });

/**
 * The progress consumer in AWS: invoked by the event source mapping on the `nailgun` queue.
 * Reports are applied one by one in order; a malformed one is logged and skipped (retrying it
 * cannot help), a database failure fails the batch so the mapping delivers it again, which the
 * receiver rules make harmless.
 */
export async function handler(event: unknown): Promise<{ applied: number; skipped: number }> {
  const parsed = rmqEventSchema.safeParse(event);
  if (!parsed.success) {
    logger.error('progress event malformed', { issues: parsed.error.issues.length });
    return { applied: 0, skipped: 0 };
  }
  if (!db) {
    const url = (await resolveSecretEnv()).DATABASE_URL;
    if (!url) throw new Error('DATABASE_URL or DATABASE_SECRET_ARN is required');
    db = createPostgresDatabase({ connectionString: url, max: 2 });
  }
  const ctx = { db, logger, settings: DEFAULT_SETTINGS, now: () => new Date() };

  let applied = 0;
  let skipped = 0;
  for (const message of decodeRmqEvent(parsed.data)) {
    if ('error' in message) {
      logger.warn('progress body undecodable', { reason: message.error });
      skipped++;
      continue;
    }
    const outcome = await applyProgress(ctx, message.body);
    if (outcome === 'applied') applied++;
    else skipped++;
  }

  return { applied, skipped };
}
