/**
 * Where the in-process relay's progress reports go in the embedded mode: applied to the
 * database one after another, in the order the steps published them (what the RabbitMQ queue
 * and its single consumer give in AWS), or through RabbitMQ when `AMQP_URL` is set.
 */

import type { RelayLogger } from '../../../agent/relay/logger.js';
import { createAmqpPublisher } from '../../../agent/relay/progress/amqp-publisher.js';
import type { ProgressPublisher } from '../../../agent/relay/progress/publisher.js';
import type { CoreContext } from '../../../functions/core/context.js';
import { applyProgress } from '../../../functions/progress/apply.js';
import type { ProgressBroker } from '../background.js';

/** How long `close` waits for reports still being applied. */
const CLOSE_GRACE_MS = 5_000;

/** Applies reports in-process, in order; a report that fails is logged and skipped. */
export function createInProcessPublisher(ctx: CoreContext): ProgressPublisher {
  let tail: Promise<void> = Promise.resolve();
  const settle = (timeoutMs: number) =>
    new Promise<void>((resolve, reject) => {
      const timer = setTimeout(
        () => reject(new Error('progress reports not applied in time')),
        timeoutMs,
      );
      void tail.then(() => {
        clearTimeout(timer);
        resolve();
      });
    });

  return {
    publish(message) {
      tail = tail
        .then(() => applyProgress(ctx, message))
        .then(
          () => undefined,
          (error: unknown) => ctx.logger.error('progress report not applied', { error }),
        );
    },
    flush: (timeoutMs = CLOSE_GRACE_MS) => settle(timeoutMs),
    close: () => settle(CLOSE_GRACE_MS).catch(() => undefined),
  };
}

/** The relay's publisher: RabbitMQ when a broker is given (its consumer applies), else here. */
export function progressPublisher(
  ctx: CoreContext,
  broker: ProgressBroker | undefined,
  logger: RelayLogger,
): ProgressPublisher {
  if (broker === undefined) return createInProcessPublisher(ctx);

  return createAmqpPublisher({
    url: broker.url,
    ...(broker.exchange === undefined ? {} : { exchange: broker.exchange }),
    ...(broker.queue === undefined ? {} : { queue: broker.queue }),
    connectionName: 'fuel-relay-local',
    logger: logger.child({ component: 'progress' }),
  });
}
