/**
 * Progress to RabbitMQ as Astute published it (nailgun-api.md §6.2): durable topic exchange
 * `nailgun`, routing key `nailgun`, persistent plain-JSON messages. Reports wait in an in-memory
 * outbox until the broker confirms them (publisher confirms); when the connection drops, the
 * unconfirmed ones are sent again after a reconnect with backoff, in their order. A report may
 * thus arrive twice, never not at all while the relay lives; Nailgun's receivers take a
 * repeated report as the same state.
 */
import amqp, { type ChannelModel, type ConfirmChannel } from 'amqplib';
import {
  PROGRESS_CONTENT_TYPE,
  PROGRESS_EXCHANGE,
  PROGRESS_QUEUE,
  PROGRESS_ROUTING_KEY,
  type ProgressMessage,
} from '../../../statemachines/contracts/index.js';
import { type BackoffPolicy, backoffDelay } from '../backoff.js';
import { noopRelayLogger, type RelayLogger } from '../logger.js';
import type { ProgressPublisher } from './publisher.js';

/** Where to publish and how patient to be. */
export interface AmqpPublisherOptions {
  /** `amqp://user:password@host:5672/vhost`. */
  url: string;
  exchange?: string;
  routingKey?: string;
  /**
   * A durable queue declared and bound to the exchange, so that reports published before the
   * API's consumer first connected are kept; `null` declares none. `nailgun` by default.
   */
  queue?: string | null;
  /** Waits between connection attempts; 0.5 s doubling up to 30 s by default. */
  reconnect?: BackoffPolicy;
  /** Reports kept while the broker is away; beyond it the oldest are dropped. */
  outboxLimit?: number;
  /** How long `close()` waits for unconfirmed reports. */
  closeGraceMs?: number;
  /** Shown by `rabbitmqctl list_connections client_properties`. */
  connectionName?: string;
  /** Deadline of one connection attempt. */
  connectTimeoutMs?: number;
  logger?: RelayLogger;
}

/** The publisher, with what it holds for tests and health checks. */
export interface AmqpProgressPublisher extends ProgressPublisher {
  /** Whether a confirm channel is open now. */
  readonly connected: boolean;
  /** Reports not yet confirmed by the broker. */
  readonly pending: number;
}

interface OutboxEntry {
  body: Buffer;
  /** The connection it was last published on; undefined while it waits to be. */
  sentOn: number | undefined;
}

const DEFAULTS = {
  reconnect: { initialMs: 500, maxMs: 30_000 },
  outboxLimit: 10_000,
  closeGraceMs: 5_000,
  connectTimeoutMs: 10_000,
  flushTimeoutMs: 30_000,
} as const;

/** Starts connecting at once; reports published meanwhile wait in the outbox. */
export function createAmqpPublisher(options: AmqpPublisherOptions): AmqpProgressPublisher {
  return new AmqpPublisher(options);
}

class AmqpPublisher implements AmqpProgressPublisher {
  readonly #options: AmqpPublisherOptions;
  readonly #logger: RelayLogger;
  readonly #exchange: string;
  readonly #routingKey: string;
  readonly #outbox: OutboxEntry[] = [];
  readonly #flushWaiters = new Set<() => void>();
  #channel: ConfirmChannel | undefined;
  #model: ChannelModel | undefined;
  /** Counts connection attempts; callbacks of an earlier connection are recognised by it. */
  #epoch = 0;
  #lostEpoch = 0;
  #failures = 0;
  #accepting = true;
  #stopped = false;
  #pumping = false;
  #reconnectTimer: NodeJS.Timeout | undefined;

  constructor(options: AmqpPublisherOptions) {
    this.#options = options;
    this.#logger = options.logger ?? noopRelayLogger;
    this.#exchange = options.exchange ?? PROGRESS_EXCHANGE;
    this.#routingKey = options.routingKey ?? PROGRESS_ROUTING_KEY;
    void this.#connect();
  }

  get connected(): boolean {
    return this.#channel !== undefined;
  }

  get pending(): number {
    return this.#outbox.length;
  }

  publish(message: ProgressMessage): void {
    if (!this.#accepting) {
      this.#logger.error('progress report after close dropped', { method: message.method });
      return;
    }
    const limit = this.#options.outboxLimit ?? DEFAULTS.outboxLimit;
    if (this.#outbox.length >= limit) {
      this.#outbox.shift();
      this.#logger.error('progress outbox full, oldest report dropped', { limit });
    }
    this.#outbox.push({ body: Buffer.from(JSON.stringify(message)), sentOn: undefined });
    this.#pump();
  }

  flush(timeoutMs: number = DEFAULTS.flushTimeoutMs): Promise<void> {
    if (this.#outbox.length === 0) return Promise.resolve();
    return new Promise((resolve, reject) => {
      const done = () => {
        clearTimeout(timer);
        this.#flushWaiters.delete(done);
        resolve();
      };
      const timer = setTimeout(() => {
        this.#flushWaiters.delete(done);
        reject(new Error(`${this.#outbox.length} progress reports not confirmed in time`));
      }, timeoutMs);
      this.#flushWaiters.add(done);
    });
  }

  async close(): Promise<void> {
    this.#accepting = false;
    try {
      await this.flush(this.#options.closeGraceMs ?? DEFAULTS.closeGraceMs);
    } catch (error) {
      this.#logger.error('progress reports lost on close', { error, lost: this.#outbox.length });
    }
    this.#stopped = true;
    clearTimeout(this.#reconnectTimer);
    const model = this.#model;
    this.#channel = undefined;
    this.#model = undefined;
    await model?.close().catch(() => undefined);
  }

  async #connect(): Promise<void> {
    if (this.#stopped) return;
    this.#epoch += 1;
    const epoch = this.#epoch;
    let model: ChannelModel | undefined;
    try {
      model = await amqp.connect(this.#options.url, {
        timeout: this.#options.connectTimeoutMs ?? DEFAULTS.connectTimeoutMs,
        clientProperties: { connection_name: this.#options.connectionName ?? 'fuel-relay' },
      });
      model.on('error', (error: Error) =>
        this.#logger.warn('rabbitmq connection error', { error }),
      );
      model.on('blocked', (reason: string) => this.#logger.warn('rabbitmq blocked', { reason }));
      model.on('close', () => this.#lost(epoch, new Error('connection closed')));
      const channel = await this.#openChannel(model, epoch);
      if (this.#stopped || epoch !== this.#epoch) throw new Error('superseded');
      this.#model = model;
      this.#channel = channel;
      this.#failures = 0;
      this.#logger.info('rabbitmq connected', { pending: this.#outbox.length });
      this.#pump();
    } catch (error) {
      await model?.close().catch(() => undefined);
      this.#lost(epoch, error);
    }
  }

  async #openChannel(model: ChannelModel, epoch: number): Promise<ConfirmChannel> {
    const channel = await model.createConfirmChannel();
    channel.on('error', (error: Error) => this.#logger.warn('rabbitmq channel error', { error }));
    channel.on('close', () => this.#lost(epoch, new Error('channel closed')));
    channel.on('drain', () => this.#pump());
    await channel.assertExchange(this.#exchange, 'topic', { durable: true });
    const queue = this.#options.queue === undefined ? PROGRESS_QUEUE : this.#options.queue;
    if (queue !== null) {
      await channel.assertQueue(queue, { durable: true });
      await channel.bindQueue(queue, this.#exchange, this.#routingKey);
    }

    return channel;
  }

  /** The connection of `epoch` is gone: everything unconfirmed waits for the next one. */
  #lost(epoch: number, error: unknown): void {
    if (epoch !== this.#epoch || this.#lostEpoch === epoch) return;
    this.#lostEpoch = epoch;
    const model = this.#model;
    this.#channel = undefined;
    this.#model = undefined;
    void model?.close().catch(() => undefined);
    for (const entry of this.#outbox) entry.sentOn = undefined;
    if (this.#stopped) return;
    this.#failures += 1;
    const delayMs = backoffDelay(this.#options.reconnect ?? DEFAULTS.reconnect, this.#failures);
    this.#logger.warn('rabbitmq unreachable, reconnecting', {
      error,
      delay_ms: delayMs,
      pending: this.#outbox.length,
    });
    this.#reconnectTimer = setTimeout(() => void this.#connect(), delayMs);
  }

  /** Publishes every waiting report in order, until the channel asks to wait for `drain`. */
  #pump(): void {
    const channel = this.#channel;
    if (channel === undefined || this.#pumping) return;
    this.#pumping = true;
    const epoch = this.#epoch;
    try {
      for (const entry of this.#outbox) {
        if (entry.sentOn !== undefined) continue;
        entry.sentOn = epoch;
        const more = channel.publish(
          this.#exchange,
          this.#routingKey,
          entry.body,
          { persistent: true, contentType: PROGRESS_CONTENT_TYPE },
          (error: unknown) => this.#confirmed(entry, epoch, error),
        );
        if (!more) break;
      }
    } catch (error) {
      this.#lost(epoch, error);
    } finally {
      this.#pumping = false;
    }
  }

  #confirmed(entry: OutboxEntry, epoch: number, error: unknown): void {
    if (error !== null && error !== undefined) {
      // A nack on the live channel: publish again shortly. On a dead channel `#lost` has
      // already put the entry back in line.
      if (epoch !== this.#epoch || entry.sentOn !== epoch || this.#channel === undefined) return;
      entry.sentOn = undefined;
      this.#logger.warn('progress report refused by the broker, publishing again');
      setTimeout(() => this.#pump(), (this.#options.reconnect ?? DEFAULTS.reconnect).initialMs);
      return;
    }
    const index = this.#outbox.indexOf(entry);
    if (index >= 0) this.#outbox.splice(index, 1);
    if (this.#outbox.length === 0) for (const waiter of [...this.#flushWaiters]) waiter();
  }
}
