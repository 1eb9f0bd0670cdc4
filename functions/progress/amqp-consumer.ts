import amqp from 'amqplib';
import type { CoreContext } from '../core/context.js';
import { applyProgress } from './apply.js';

/** Astute's reply path (§6.2): topic exchange `nailgun`, durable queue `nailgun`, key `nailgun`. */
export const NAILGUN_EXCHANGE = 'nailgun';
export const NAILGUN_QUEUE = 'nailgun';
export const NAILGUN_ROUTING_KEY = 'nailgun';

export interface ProgressConsumer {
  close(): Promise<void>;
}

/**
 * Consumes progress reports from RabbitMQ, as Nailgun's receiverd did: one at a time, acked once
 * applied; a report that fails on the database is requeued, a malformed one is dropped.
 */
export async function consumeProgress(
  ctx: CoreContext,
  url: string,
  names: { exchange?: string; queue?: string } = {},
): Promise<ProgressConsumer> {
  const exchange = names.exchange ?? NAILGUN_EXCHANGE;
  const queue = names.queue ?? NAILGUN_QUEUE;
  const connection = await amqp.connect(url);
  const channel = await connection.createChannel();
  await channel.assertExchange(exchange, 'topic', { durable: true });
  await channel.assertQueue(queue, { durable: true });
  await channel.bindQueue(queue, exchange, NAILGUN_ROUTING_KEY);
  await channel.prefetch(1);

  await channel.consume(queue, (message) => {
    if (!message) return;
    let body: unknown;
    try {
      body = JSON.parse(message.content.toString('utf8'));
    } catch {
      ctx.logger.warn('progress body undecodable');
      channel.ack(message);
      return;
    }
    applyProgress(ctx, body).then(
      () => channel.ack(message),
      (error: unknown) => {
        // Only a lost race is worth another try (Nailgun requeued on deadlocks only); any other
        // failure would come back forever and hold up every report behind it.
        const retry = isTransient(error);
        ctx.logger.error('progress report not applied', { error, requeued: retry });
        if (retry) channel.nack(message, false, true);
        else channel.ack(message);
      },
    );
  });

  return {
    async close() {
      await channel.close().catch(() => undefined);
      await connection.close().catch(() => undefined);
    },
  };
}

/** Serialization failure or deadlock: PostgreSQL asks the client to try again. */
function isTransient(error: unknown): boolean {
  const code = (error as { code?: unknown } | null)?.code;
  return code === '40001' || code === '40P01';
}
