/**
 * The discovery agent of one virtual node: the real `agent/discovery` code reading the node's
 * tree and reporting to the discovery proxy, right after each boot and then every interval
 * with jitter, as the stock agent's timer runs it. A node that is down does not report.
 */
import { type RunOutcome, runAgent } from '../../../agent/discovery/agent.js';
import { noCommands } from '../../../agent/discovery/commands.js';
import type { Host } from '../../../agent/discovery/host.js';
import type { AgentLogger } from '../../../agent/discovery/logger.js';
import type { Logger } from '../../../functions/core/logger.js';
import type { VirtualNode } from './virtual-node.js';

/** When and where the agents report. */
export interface ReportSettings {
  /** The API root the agent calls, e.g. `http://127.0.0.1:8001/api` (the proxy). */
  apiUrl: string;
  /** Between two reports of a running node (the stock agent: 60 s). */
  intervalMs: number;
  /** Added to or taken from each interval at random, so nodes spread out. */
  jitterMs: number;
  /** The longest wait after boot before the first report. */
  firstReportMs: number;
  logger: Logger;
  random?: () => number;
}

/** Deadline of one agent call through the proxy. */
const REPORT_TIMEOUT_MS = 30_000;

/**
 * The agent's own lines go to debug: a lab of 100 nodes would fill the log with a line per
 * node per minute. Its warnings and failures stay as they are.
 */
function agentLogger(logger: Logger): AgentLogger {
  return { debug: logger.debug, info: logger.debug, warn: logger.warn, error: logger.error };
}

/** Reports one node to Nailgun. */
export class NodeReporter {
  readonly #node: VirtualNode;
  readonly #settings: ReportSettings;
  readonly #host: Host;
  readonly #logger: AgentLogger;
  #timer: NodeJS.Timeout | undefined;
  #running: Promise<RunOutcome | undefined> | undefined;
  #stopped = false;

  constructor(node: VirtualNode, settings: ReportSettings) {
    this.#node = node;
    this.#settings = settings;
    const { ip, netmask } = node.hardware;
    this.#host = {
      root: node.tree.root,
      run: noCommands,
      addresses: () => ({ eth0: [{ address: ip, netmask }] }),
    };
    this.#logger = agentLogger(settings.logger.child({ lab_node: node.name }));
  }

  /** The node has booted: report soon. */
  afterBoot(): void {
    this.#schedule(this.#random() * this.#settings.firstReportMs);
  }

  /** Reports now unless the node is down or a report is under way (then waits for that one). */
  report(): Promise<RunOutcome | undefined> {
    this.#running ??= this.#run().finally(() => {
      this.#running = undefined;
    });
    return this.#running;
  }

  /** No further reports; resolves once a report under way has ended. */
  async stop(): Promise<void> {
    this.#stopped = true;
    if (this.#timer !== undefined) clearTimeout(this.#timer);
    await this.#running;
  }

  async #run(): Promise<RunOutcome | undefined> {
    if (this.#stopped || !this.#node.answering) return undefined;
    const outcome = await runAgent(this.#host, {
      apiUrl: this.#settings.apiUrl,
      logger: this.#logger,
      timeoutMs: REPORT_TIMEOUT_MS,
    });
    if (outcome.state === 'reported' && this.#node.answering) {
      this.#node.identify(String(outcome.id));
    }
    return outcome;
  }

  #schedule(delayMs: number): void {
    if (this.#stopped) return;
    if (this.#timer !== undefined) clearTimeout(this.#timer);
    this.#timer = setTimeout(() => {
      this.#timer = undefined;
      void this.report().finally(() => {
        if (this.#timer === undefined) this.#schedule(this.#nextInterval());
      });
    }, delayMs);
    this.#timer.unref();
  }

  #nextInterval(): number {
    const { intervalMs, jitterMs } = this.#settings;
    return Math.max(0, intervalMs + (this.#random() * 2 - 1) * jitterMs);
  }

  #random(): number {
    return (this.#settings.random ?? Math.random)();
  }
}
