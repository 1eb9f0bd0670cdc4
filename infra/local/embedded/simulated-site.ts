/**
 * The data centre the in-process relay drives when no real one is configured: the Cobbler
 * simulator, the lab's virtual nodes behind a simulated MCollective, and the relay's drivers
 * and timings paced to the lab's speed.
 */
import { CobblerDriver } from '../../../agent/relay/drivers/cobbler/index.js';
import { ASTUTE_RETRIES, McoDriver } from '../../../agent/relay/drivers/mcollective/index.js';
import type { RelayLogger } from '../../../agent/relay/logger.js';
import type { StepTimings } from '../../../agent/relay/steps/index.js';
import type { Logger } from '../../../functions/core/logger.js';
import { type CobblerSimulator, startCobblerSimulator } from '../cobbler-simulator/index.js';
import {
  type Lab,
  type LabDurations,
  LabMcollective,
  type LabSpeed,
  labDurations,
  scaled,
  startLab,
} from '../lab/index.js';

/** The lab's size and pace. */
export interface LabSettings {
  /** Virtual nodes; 0 runs none. */
  nodes: number;
  speed: LabSpeed;
  /** Between two reports of a node's agent (default 60 s). */
  reportIntervalMs?: number;
  reportJitterMs?: number;
}

/** What the site is made of. */
export interface SiteOptions {
  lab: LabSettings;
  /** The lab keeps its nodes under `<dataDir>/lab`. */
  dataDir: string;
  /** Where the lab's agents report: the relay's discovery proxy. */
  proxyUrl: string;
  logger: Logger;
}

/** A started simulated site. */
export interface SimulatedSite {
  readonly cobbler: CobblerSimulator;
  readonly cobblerDriver: CobblerDriver;
  readonly mco: McoDriver;
  /** Undefined when the lab has no nodes. */
  readonly lab: Lab | undefined;
  /** The relay's step timings at the lab's speed. */
  readonly timings: Partial<StepTimings>;
  /** Stops the Cobbler simulator; stop the lab first, while the API still answers its agents. */
  close(): Promise<void>;
}

/** The shortest poll: instant labs still leave the event loop room between polls. */
const MIN_POLL_MS = 10;

const poll = (ms: number, speed: LabSpeed) => Math.max(MIN_POLL_MS, scaled(ms, speed));

/** The relay's timings for nodes that install as fast as the lab says. */
function stepTimings(speed: LabSpeed, durations: LabDurations): Partial<StepTimings> {
  return {
    provisionPollMs: poll(1_000, speed),
    provisionExpectedMs: durations.shutdown + 2 * durations.boot + durations.install,
    puppetPollMs: poll(1_000, speed),
  };
}

/** The relay's Cobbler driver, polling power tasks as fast as the simulator runs them. */
function cobblerDriverFor(cobbler: CobblerSimulator, speed: LabSpeed, logger: RelayLogger) {
  return new CobblerDriver({
    url: cobbler.url,
    username: 'cobbler',
    password: 'cobbler',
    timeoutMs: 30_000,
    syncRetryDelayMs: poll(2_000, speed),
    removeRetryDelayMs: poll(1_000, speed),
    powerPollIntervalMs: poll(1_000, speed),
    logger: logger.child({ driver: 'cobbler' }),
  });
}

/** The lab of `options.lab.nodes` nodes, booting as `cobbler` says. */
function startLabOf(options: SiteOptions, cobbler: CobblerSimulator): Lab {
  return startLab({
    count: options.lab.nodes,
    dataDir: options.dataDir,
    proxyUrl: options.proxyUrl,
    speed: options.lab.speed,
    reportIntervalMs: options.lab.reportIntervalMs,
    reportJitterMs: options.lab.reportJitterMs,
    cobbler,
    logger: options.logger.child({ component: 'lab' }),
  });
}

/** Starts the Cobbler simulator and, when it has nodes, the lab behind `proxyUrl`. */
export async function startSimulatedSite(options: SiteOptions): Promise<SimulatedSite> {
  const { speed } = options.lab;
  const durations = labDurations(speed);
  const cobbler = await startCobblerSimulator({ taskStepMs: scaled(500, speed) });
  options.logger.info('cobbler simulator started', { url: cobbler.url });
  let lab: Lab | undefined;
  try {
    lab = options.lab.nodes > 0 ? startLabOf(options, cobbler) : undefined;
  } catch (error) {
    await cobbler.close();
    throw error;
  }
  cobbler.onPower = lab?.power;
  const transport = lab?.mcollective ?? new LabMcollective({ find: () => undefined, durations });
  const logger: RelayLogger = options.logger.child({ component: 'relay' });

  return {
    cobbler,
    cobblerDriver: cobblerDriverFor(cobbler, speed, logger),
    mco: new McoDriver({
      transport,
      retries: ASTUTE_RETRIES,
      retryDelayMs: poll(1_000, speed),
      logger: logger.child({ driver: 'mcollective' }),
    }),
    lab,
    timings: stepTimings(speed, durations),
    close: () => cobbler.close(),
  };
}
