/**
 * The port through which steps report progress in Astute's format (nailgun-api.md §6.5):
 * RabbitMQ in a data centre (`amqp-publisher.ts`), an in-process receiver in the embedded mode,
 * a list in tests.
 */
import type { ProgressMessage } from '../../../statemachines/contracts/index.js';

/** Where progress reports go. */
export interface ProgressPublisher {
  /**
   * Queues a report and returns at once: a step never waits for, nor fails because of, the
   * broker. Reports are delivered in the order they were queued.
   */
  publish(message: ProgressMessage): void;
  /** Resolves once every report queued so far is delivered; rejects after `timeoutMs`. */
  flush(timeoutMs?: number): Promise<void>;
  /** Delivers what it can within its grace time, then releases the connection. */
  close(): Promise<void>;
}

/** A publisher that hands each report to `deliver` at once (embedded mode, tests). */
export function createCallbackPublisher(
  deliver: (message: ProgressMessage) => void,
): ProgressPublisher {
  return {
    publish: (message) => deliver(message),
    flush: async () => undefined,
    close: async () => undefined,
  };
}

/** A publisher that keeps its reports in `messages`. */
export function createMemoryPublisher(): ProgressPublisher & { messages: ProgressMessage[] } {
  const messages: ProgressMessage[] = [];

  return { ...createCallbackPublisher((message) => messages.push(message)), messages };
}
