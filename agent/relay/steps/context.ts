/**
 * What a step works with: the drivers of its site, the progress publisher, its timings, and
 * the facts of the delivery it runs in (abort signal, receive count, logger with its ids).
 */
import type { CobblerDriver } from '../drivers/cobbler/index.js';
import type { McoDriver } from '../drivers/mcollective/index.js';
import type { RelayLogger } from '../logger.js';
import type { ProgressPublisher } from '../progress/publisher.js';

/** The Cobbler operations the steps call; `CobblerDriver` has them all. */
export type CobblerPort = Pick<
  CobblerDriver,
  'upsertSystem' | 'removeSystemsByMac' | 'sync' | 'setNetboot' | 'removeSystem' | 'power'
>;

/** How often steps poll and how patient they are; the defaults are Astute's where it had one. */
export interface StepTimings {
  /** Pause between `systemtype.get_type` polls while a node provisions. */
  provisionPollMs: number;
  /** How long one such poll waits for the node's answer. */
  provisionPollTimeoutSeconds: number;
  /** Typical time to install a node: the scale of the progress shown while waiting. */
  provisionExpectedMs: number;
  /** Pause between `puppetd.last_run_summary` polls (Astute's `task_poll_delay`). */
  puppetPollMs: number;
  /** Further runs after a failed Puppet run (Astute's puppet task `retries`). */
  puppetRetries: number;
}

/** Astute's values, and a provisioning poll a little tighter than its 20 s watch loop. */
export const DEFAULT_STEP_TIMINGS: StepTimings = {
  provisionPollMs: 5_000,
  provisionPollTimeoutSeconds: 10,
  provisionExpectedMs: 600_000,
  puppetPollMs: 1_000,
  puppetRetries: 2,
};

/** The site's drivers and settings, shared by every step the relay runs. */
export interface StepEnvironment {
  cobbler: CobblerPort;
  mco: McoDriver;
  progress: ProgressPublisher;
  timings: StepTimings;
}

/** One delivery of one step. */
export interface StepRun {
  /** Aborted when the relay stops or the task token closed; polling steps end early. */
  signal: AbortSignal;
  /** How many times the message was delivered, this delivery included. */
  receiveCount: number;
  /** Bound to the step's ids (correlation, task, node). */
  logger: RelayLogger;
}
