import type { CoreContext } from '../../functions/core/context.js';
import { sweepOfflineNodes } from '../../functions/core/nodes/liveness.js';
import { consumeProgress } from '../../functions/progress/amqp-consumer.js';

/** Nailgun's assassind looked every 30 s for nodes that stopped checking in. */
const SWEEP_INTERVAL_MS = 30_000;

/** The RabbitMQ progress travels through; Astute's `nailgun` exchange and queue by default. */
export interface ProgressBroker {
  url: string;
  exchange?: string;
  queue?: string;
}

/** What the embedded process runs beside the API; `stop` ends it all. */
export interface BackgroundWork {
  stop(): Promise<void>;
}

/**
 * Starts the offline-node sweep and, when `broker` is given, the progress consumer on RabbitMQ
 * (Astute's `nailgun` queue), as the cloud runs them in scheduled and MQ-triggered Lambdas.
 */
export async function startBackgroundWork(
  ctx: CoreContext,
  broker: ProgressBroker | undefined,
): Promise<BackgroundWork> {
  const sweep = setInterval(() => {
    sweepOfflineNodes(ctx).then(
      (count) => count > 0 && ctx.logger.info('nodes went offline', { count }),
      (error: unknown) => ctx.logger.error('offline sweep failed', { error }),
    );
  }, SWEEP_INTERVAL_MS);
  sweep.unref();
  const consumer = broker ? await consumeProgress(ctx, broker.url, broker) : undefined;
  if (consumer) ctx.logger.info('progress consumer started', { queue: broker?.queue ?? 'nailgun' });

  return {
    async stop() {
      clearInterval(sweep);
      await consumer?.close();
    },
  };
}
