/**
 * The Node side of the Ruby bridge: keeps one `mco-bridge.rb` process, sends it one request at
 * a time (calls made meanwhile wait in order), and starts a new process when the previous one
 * died, so a crash costs the call in flight and nothing else.
 */
import { fileURLToPath } from 'node:url';
import { BridgeProcess } from './bridge-process.js';
import {
  McoBridgeDied,
  type McoCallSite,
  McoTransportFailed,
  McoValidationFailed,
} from './errors.js';
import { type McoLogger, noopMcoLogger } from './logger.js';
import type { BridgeErrorKind, BridgeRequest, BridgeResult, McoTransport } from './protocol.js';

/** Where the bridge script lives in this repository. */
export const BRIDGE_SCRIPT = fileURLToPath(
  new URL('../../../mcollective/bridge/mco-bridge.rb', import.meta.url),
);

/**
 * The DDL timeouts of the agents (`agent/mcollective/agents/*.ddl`, rpcutil from MCollective):
 * the bridge waits that long when a request sets no timeout, so past it plus the grace the
 * bridge counts as hung. Unknown agents get the longest.
 */
const DDL_TIMEOUT_SECONDS: Readonly<Record<string, number>> = {
  rpcutil: 10,
  uploadfile: 60,
  puppetsync: 300,
  puppetd: 60,
  execute_shell_command: 3600,
  systemtype: 30,
  erase_node: 120,
};
const LONGEST_DDL_TIMEOUT_SECONDS = 3600;

/** How to run the bridge. */
export interface BridgeClientOptions {
  /** MCollective client.cfg (middleware, psk, libdir holding the agents' DDLs). */
  configPath: string;
  /** Ruby interpreter; default `ruby`. */
  ruby?: string;
  /** Bridge script; default `BRIDGE_SCRIPT` (override when the code is bundled elsewhere). */
  scriptPath?: string;
  /** Replaces the whole command line (tests run a fake bridge this way). */
  command?: { file: string; args: string[] };
  env?: NodeJS.ProcessEnv;
  /** How long a new bridge may take to connect; default 30 s. */
  startTimeoutMs?: number;
  /** Extra wait past a request's timeout before the bridge counts as hung; default 15 s. */
  answerGraceMs?: number;
  logger?: McoLogger;
}

/** Turns an error line of the bridge into the driver's named error. */
function bridgeError(site: McoCallSite, kind: BridgeErrorKind, message: string): Error {
  return kind === 'internal'
    ? new McoTransportFailed(site, message)
    : new McoValidationFailed(site, message);
}

/** A restartable bridge with a queue in front of it. */
export class BridgeClient implements McoTransport {
  readonly #options: BridgeClientOptions;
  readonly #logger: McoLogger;
  #bridge: BridgeProcess | undefined;
  #tail: Promise<unknown> = Promise.resolve();
  #pending = 0;
  #sequence = 0;
  #starts = 0;
  #closed = false;

  constructor(options: BridgeClientOptions) {
    this.#options = options;
    this.#logger = options.logger ?? noopMcoLogger;
  }

  /** Calls waiting or in flight. */
  get pending(): number {
    return this.#pending;
  }

  /** Process id of the current bridge, if one runs. */
  get pid(): number | undefined {
    return this.#bridge?.alive ? this.#bridge.pid : undefined;
  }

  /** How many bridge processes were started so far. */
  get starts(): number {
    return this.#starts;
  }

  call(request: BridgeRequest): Promise<BridgeResult> {
    const site = { agent: request.agent, action: request.action };
    if (this.#closed) return Promise.reject(new McoBridgeDied('bridge client is closed', site));
    this.#pending += 1;
    const run = this.#tail
      .then(() => this.#perform(request, site))
      .finally(() => {
        this.#pending -= 1;
      });
    this.#tail = run.catch(() => undefined);
    return run;
  }

  /** Waits for queued calls, then stops the bridge. */
  async close(): Promise<void> {
    this.#closed = true;
    await this.#tail;
    await this.#bridge?.stop();
  }

  async #perform(request: BridgeRequest, site: McoCallSite): Promise<BridgeResult> {
    const bridge = await this.#running(site);
    this.#sequence += 1;
    const id = String(this.#sequence);
    const waitSeconds =
      request.timeoutSeconds ?? DDL_TIMEOUT_SECONDS[request.agent] ?? LONGEST_DDL_TIMEOUT_SECONDS;
    const deadlineMs = waitSeconds * 1000 + (this.#options.answerGraceMs ?? 15_000);
    const answer = await bridge.request(id, request, deadlineMs).catch((error: unknown) => {
      throw error instanceof McoBridgeDied ? new McoBridgeDied(error.message, site, error) : error;
    });
    if (answer.type === 'result') return answer.result;
    throw bridgeError(site, answer.kind, answer.message);
  }

  async #running(site: McoCallSite): Promise<BridgeProcess> {
    if (this.#bridge?.alive) return this.#bridge;
    if (this.#bridge)
      this.#logger.warn('mco bridge died, starting a new one', { starts: this.#starts });
    this.#bridge = undefined;
    this.#starts += 1;
    try {
      this.#bridge = await BridgeProcess.start({
        ...this.#commandLine(),
        env: this.#options.env,
        startTimeoutMs: this.#options.startTimeoutMs ?? 30_000,
        logger: this.#logger,
      });
    } catch (error) {
      const message = error instanceof Error ? error.message : String(error);
      throw new McoBridgeDied(message, site, error);
    }
    this.#logger.info('mco bridge started', { pid: this.#bridge.pid, starts: this.#starts });
    return this.#bridge;
  }

  #commandLine(): { command: string; args: string[] } {
    const custom = this.#options.command;
    if (custom) return { command: custom.file, args: custom.args };
    const script = this.#options.scriptPath ?? BRIDGE_SCRIPT;
    return {
      command: this.#options.ruby ?? 'ruby',
      args: [script, '--config', this.#options.configPath],
    };
  }
}
