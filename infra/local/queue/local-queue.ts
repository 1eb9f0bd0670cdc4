import { randomUUID } from 'node:crypto';
import { decodeReceipt, encodeReceipt } from './receipt-handle.js';
import { LocalServiceError } from './service-error.js';

/** SQS's largest message body. */
const MAX_BODY_BYTES = 262_144;
/** SQS's largest batch per receive and longest long poll. */
const MAX_RECEIVE = 10;
const MAX_WAIT_SECONDS = 20;

/** Limits of the local queues. */
export interface LocalQueueOptions {
  /** Messages a queue may hold (visible and in flight) before `send` refuses with `OverLimit`. */
  maxMessagesPerQueue?: number;
}

/** How one receive behaves, as ReceiveMessage's parameters. */
export interface QueueReceiveOptions {
  /** 1–10; 1 when absent. */
  max?: number;
  /** 0–20; fractions are accepted here so tests need not wait whole seconds. */
  waitSeconds?: number;
  /** 30 when absent, SQS's default. */
  visibilityTimeoutSeconds?: number;
  signal?: AbortSignal;
}

/** One delivery of a message. */
export interface QueueMessage {
  messageId: string;
  receiptHandle: string;
  body: string;
  receiveCount: number;
}

interface StoredMessage {
  id: string;
  body: string;
  receiveCount: number;
  /** Epoch ms from which the message can be received again. */
  visibleAt: number;
  delivery: number;
  expiry?: NodeJS.Timeout;
}

interface Waiter {
  max: number;
  visibilityMs: number;
  resolve: (messages: QueueMessage[]) => void;
}

interface QueueState {
  url: string;
  messages: Map<string, StoredMessage>;
  waiters: Set<Waiter>;
}

/**
 * In-process queues with the SQS semantics the relay relies on, one per queue URL: long polls
 * that return as soon as a message is there, visibility timeouts with redelivery and a growing
 * receive count, receipt handles valid for one delivery, and a bound on what a queue holds.
 */
export class LocalQueue {
  readonly #queues = new Map<string, QueueState>();
  readonly #maxMessages: number;

  constructor(options: LocalQueueOptions = {}) {
    this.#maxMessages = options.maxMessagesPerQueue ?? 10_000;
  }

  /** Adds a message and returns its id; wakes a waiting receiver at once. */
  send(queueUrl: string, body: string): string {
    if (Buffer.byteLength(body) > MAX_BODY_BYTES) {
      throw new LocalServiceError(
        'InvalidParameterValue',
        `One or more parameters are invalid. Reason: Message must be shorter than ${MAX_BODY_BYTES} bytes.`,
      );
    }
    const queue = this.#queue(queueUrl);
    if (queue.messages.size >= this.#maxMessages) {
      throw new LocalServiceError(
        'OverLimit',
        `Queue ${queueUrl} holds ${queue.messages.size} messages.`,
      );
    }
    const id = randomUUID();
    queue.messages.set(id, { id, body, receiveCount: 0, visibleAt: 0, delivery: 0 });
    this.#wake(queue);

    return id;
  }

  /** Takes up to `max` visible messages, waiting up to `waitSeconds` for the first one. */
  receive(queueUrl: string, options: QueueReceiveOptions = {}): Promise<QueueMessage[]> {
    const max = options.max ?? 1;
    const waitSeconds = options.waitSeconds ?? 0;
    checkRange('MaxNumberOfMessages', max, 1, MAX_RECEIVE);
    checkRange('WaitTimeSeconds', waitSeconds, 0, MAX_WAIT_SECONDS);
    const visibilityMs = (options.visibilityTimeoutSeconds ?? 30) * 1000;
    const queue = this.#queue(queueUrl);
    const ready = this.#take(queue, max, visibilityMs);
    if (ready.length > 0 || waitSeconds === 0 || options.signal?.aborted) {
      return Promise.resolve(ready);
    }

    return new Promise((resolve) => {
      const finish = (messages: QueueMessage[]) => {
        clearTimeout(timer);
        options.signal?.removeEventListener('abort', onAbort);
        queue.waiters.delete(waiter);
        resolve(messages);
      };
      const onAbort = () => finish([]);
      const waiter: Waiter = { max, visibilityMs, resolve: finish };
      const timer = setTimeout(() => finish([]), waitSeconds * 1000);
      options.signal?.addEventListener('abort', onAbort, { once: true });
      queue.waiters.add(waiter);
    });
  }

  /** Deletes the message of this delivery; a stale or repeated delete changes nothing. */
  delete(receiptHandle: string): void {
    const receipt = decodeReceipt(receiptHandle);
    const queue = this.#queues.get(receipt.queueUrl);
    const message = queue?.messages.get(receipt.messageId);
    // SQS answers success for a handle of an earlier delivery but keeps the message, which
    // another receiver now holds.
    if (!queue || !message || message.delivery !== receipt.delivery) return;
    clearTimeout(message.expiry);
    queue.messages.delete(message.id);
  }

  /** Hides the in-flight message of this delivery for `seconds` from now (0: visible now). */
  changeVisibility(receiptHandle: string, seconds: number): void {
    const receipt = decodeReceipt(receiptHandle);
    const queue = this.#queues.get(receipt.queueUrl);
    const message = queue?.messages.get(receipt.messageId);
    if (!queue || !message || message.delivery !== receipt.delivery || !isInFlight(message)) {
      throw new LocalServiceError('MessageNotInflight', 'The message is not in flight.');
    }
    this.#hide(queue, message, seconds * 1000);
    if (seconds === 0) this.#wake(queue);
  }

  /** How many messages the queue holds, and how many of those are in flight. */
  depth(queueUrl: string): { visible: number; inFlight: number } {
    const messages = [...(this.#queues.get(queueUrl)?.messages.values() ?? [])];
    const inFlight = messages.filter(isInFlight).length;

    return { visible: messages.length - inFlight, inFlight };
  }

  /** Ends every long poll with no messages and drops all timers (shutdown). */
  close(): void {
    for (const queue of this.#queues.values()) {
      for (const waiter of [...queue.waiters]) waiter.resolve([]);
      for (const message of queue.messages.values()) clearTimeout(message.expiry);
    }
    this.#queues.clear();
  }

  #queue(url: string): QueueState {
    let queue = this.#queues.get(url);
    if (!queue) {
      queue = { url, messages: new Map(), waiters: new Set() };
      this.#queues.set(url, queue);
    }

    return queue;
  }

  #take(queue: QueueState, max: number, visibilityMs: number): QueueMessage[] {
    const taken: QueueMessage[] = [];
    for (const message of queue.messages.values()) {
      if (taken.length >= max) break;
      if (isInFlight(message)) continue;
      message.receiveCount += 1;
      message.delivery += 1;
      this.#hide(queue, message, visibilityMs);
      taken.push({
        messageId: message.id,
        receiptHandle: encodeReceipt({
          queueUrl: queue.url,
          messageId: message.id,
          delivery: message.delivery,
        }),
        body: message.body,
        receiveCount: message.receiveCount,
      });
    }

    return taken;
  }

  #hide(queue: QueueState, message: StoredMessage, ms: number): void {
    clearTimeout(message.expiry);
    message.visibleAt = Date.now() + ms;
    if (ms <= 0) return;
    message.expiry = setTimeout(() => {
      // The timer's clock and Date.now() may differ by a millisecond; the timer decides.
      message.visibleAt = 0;
      this.#wake(queue);
    }, ms);
    // A message left in flight must not keep a finished process alive.
    message.expiry.unref();
  }

  /** Hands visible messages to the receivers waiting longest first. */
  #wake(queue: QueueState): void {
    for (const waiter of [...queue.waiters]) {
      const messages = this.#take(queue, waiter.max, waiter.visibilityMs);
      if (messages.length === 0) return;
      waiter.resolve(messages);
    }
  }
}

function isInFlight(message: StoredMessage): boolean {
  return message.visibleAt > Date.now();
}

function checkRange(name: string, value: number, min: number, max: number): void {
  if (Number.isFinite(value) && value >= min && value <= max) return;
  throw new LocalServiceError(
    'InvalidParameterValue',
    `Value ${value} for parameter ${name} is invalid. Reason: Must be between ${min} and ${max}.`,
  );
}
