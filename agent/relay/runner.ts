/**
 * The relay's poll loop: long-polls the site queue for as many messages as there are free
 * slots, hands each to `handleDelivery`, and never holds more than `maxInFlight` steps. A
 * queue that cannot be reached is polled again with backoff.
 */
import { setMaxListeners } from 'node:events';
import { type BackoffPolicy, backoffDelay } from './backoff.js';
import type { StepJournal } from './idempotency.js';
import type { RelayLogger } from './logger.js';
import { type DeliveryDeps, handleDelivery, type StepHandler } from './runner/delivery.js';
import { InFlight } from './runner/in-flight.js';
import { sleepOrAbort } from './sleep.js';
import type { ReceivedMessage, StepTransport } from './transport/step-transport.js';

export type { StepHandler } from './runner/delivery.js';

/** SQS's largest batch per receive. */
const MAX_BATCH = 10;

/** How the loop behaves; `DEFAULT_RUNNER_SETTINGS` holds production values. */
export interface RunnerSettings {
  /** Steps worked on at once. */
  maxInFlight: number;
  /** How long a received message stays hidden; renewed while its step runs. */
  visibilityTimeoutSeconds: number;
  /** Heartbeat and visibility renewal period (the machines allow 60 s between heartbeats). */
  heartbeatIntervalMs: number;
  /** Long poll wait (0–20 s). */
  waitSeconds: number;
  /** Waits between failed receives, answers and deletes. */
  backoff: BackoffPolicy;
  /** Attempts at answering a token or deleting a message before leaving it for redelivery. */
  answerAttempts: number;
  /** How long `stop()` lets running steps finish before abandoning them to redelivery. */
  stopGraceMs: number;
}

/** Production values: heartbeats every 20 s, as the state machines expect. */
export const DEFAULT_RUNNER_SETTINGS: RunnerSettings = {
  maxInFlight: 10,
  visibilityTimeoutSeconds: 120,
  heartbeatIntervalMs: 20_000,
  waitSeconds: 20,
  backoff: { initialMs: 1_000, maxMs: 30_000 },
  answerAttempts: 8,
  stopGraceMs: 30_000,
};

/** What the loop needs. */
export interface RunnerOptions {
  transport: StepTransport;
  journal: StepJournal;
  handle: StepHandler;
  logger: RelayLogger;
  settings?: Partial<RunnerSettings>;
}

/** A running loop. */
export interface RunnerHandle {
  /** Steps received and not yet concluded. */
  readonly inFlight: number;
  /**
   * Stops receiving, lets running steps finish for `graceMs` (the setting by default), then
   * abandons the rest: their messages come back after the visibility timeout.
   */
  stop(options?: { graceMs?: number }): Promise<void>;
  /** Stops at once, as a crash would: nothing more is answered or deleted. */
  kill(): Promise<void>;
}

/** Starts the loop. */
export function startRunner(options: RunnerOptions): RunnerHandle {
  const settings = { ...DEFAULT_RUNNER_SETTINGS, ...options.settings };
  const receiving = new AbortController();
  const killing = new AbortController();
  // Every step in flight listens for the kill; more than Node's default of 10 is expected.
  setMaxListeners(settings.maxInFlight + 10, killing.signal);
  const inFlight = new InFlight(settings.maxInFlight);
  const deps = deliveryDeps(options, settings, killing.signal);
  const loop = pollLoop({
    settings,
    transport: options.transport,
    logger: options.logger,
    signal: receiving.signal,
    inFlight,
    dispatch: (message) => inFlight.track(handleDelivery(deps, message)),
  });
  const stop = async (graceMs: number) => {
    receiving.abort();
    inFlight.wake();
    await loop;
    await Promise.race([inFlight.settled(), sleepOrAbort(graceMs, killing.signal)]);
    killing.abort();
    options.logger.info('relay runner stopped', { abandoned: inFlight.size });
  };

  return {
    get inFlight() {
      return inFlight.size;
    },
    stop: (stopOptions) => stop(stopOptions?.graceMs ?? settings.stopGraceMs),
    kill: () => stop(0),
  };
}

function deliveryDeps(
  options: RunnerOptions,
  settings: RunnerSettings,
  killed: AbortSignal,
): DeliveryDeps {
  return {
    transport: options.transport,
    journal: options.journal,
    handle: options.handle,
    logger: options.logger,
    keepAlive: {
      intervalMs: settings.heartbeatIntervalMs,
      visibilityTimeoutSeconds: settings.visibilityTimeoutSeconds,
    },
    answer: { attempts: settings.answerAttempts, backoff: settings.backoff, signal: killed },
  };
}

interface LoopParts {
  settings: RunnerSettings;
  transport: StepTransport;
  logger: RelayLogger;
  signal: AbortSignal;
  inFlight: InFlight;
  dispatch: (message: ReceivedMessage) => void;
}

async function pollLoop(parts: LoopParts): Promise<void> {
  const { settings, signal, inFlight } = parts;
  let failures = 0;
  while (!signal.aborted) {
    if (inFlight.free <= 0) {
      await inFlight.waitForSlot();
      continue;
    }
    try {
      const messages = await parts.transport.receive({
        max: Math.min(MAX_BATCH, inFlight.free),
        waitSeconds: settings.waitSeconds,
        visibilityTimeoutSeconds: settings.visibilityTimeoutSeconds,
        signal,
      });
      failures = 0;
      for (const message of messages) parts.dispatch(message);
    } catch (error) {
      if (signal.aborted) break;
      failures += 1;
      const delayMs = backoffDelay(settings.backoff, failures);
      parts.logger.warn('site queue not reachable, polling again', { error, delay_ms: delayMs });
      await sleepOrAbort(delayMs, signal);
    }
  }
}
