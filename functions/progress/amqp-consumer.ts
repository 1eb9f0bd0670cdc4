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
        ctx.logger.error('progress report not applied', { error });
        channel.nack(message, false, true);
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
