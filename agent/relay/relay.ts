/**
 * A relay assembled from its ports: the site queue, the site's Cobbler and MCollective, the
 * progress publisher and the journal. `main.ts` builds the ports from a config file; the
 * embedded mode passes the local queue's transport and its own publisher.
 */
import type { McoDriver } from './drivers/mcollective/index.js';
import type { StepJournal } from './idempotency.js';
import type { RelayLogger } from './logger.js';
import type { ProgressPublisher } from './progress/publisher.js';
import { type RunnerHandle, type RunnerSettings, startRunner } from './runner.js';
import {
  type CobblerPort,
  DEFAULT_STEP_TIMINGS,
  runStep,
  type StepEnvironment,
  type StepTimings,
} from './steps/index.js';
import type { StepTransport } from './transport/step-transport.js';

/** Everything a relay runs on. */
export interface RelayParts {
  transport: StepTransport;
  cobbler: CobblerPort;
  mcollective: McoDriver;
  progress: ProgressPublisher;
  journal: StepJournal;
  logger: RelayLogger;
  runner?: Partial<RunnerSettings>;
  timings?: Partial<StepTimings>;
}

/** Starts receiving and running steps. */
export function startRelay(parts: RelayParts): RunnerHandle {
  const env: StepEnvironment = {
    cobbler: parts.cobbler,
    mco: parts.mcollective,
    progress: parts.progress,
    timings: { ...DEFAULT_STEP_TIMINGS, ...parts.timings },
  };

  return startRunner({
    transport: parts.transport,
    journal: parts.journal,
    logger: parts.logger,
    handle: (message, run) => runStep(message, env, run),
    ...(parts.runner === undefined ? {} : { settings: parts.runner }),
  });
}
