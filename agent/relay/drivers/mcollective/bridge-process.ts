/**
 * One running bridge process: spawns it, waits for its greeting, sends one request at a time
 * and turns its exit, a fatal greeting or a missed deadline into `McoBridgeDied`.
 */
import { type ChildProcessWithoutNullStreams, spawn } from 'node:child_process';
import { createInterface } from 'node:readline';
import { McoBridgeDied } from './errors.js';
import type { McoLogger } from './logger.js';
import { type BridgeLine, type BridgeRequest, decodeLine, encodeRequest } from './protocol.js';

/** How to start the bridge. */
export interface BridgeProcessOptions {
  command: string;
  args: string[];
  env?: NodeJS.ProcessEnv;
  /** How long the bridge may take to connect and greet. */
  startTimeoutMs: number;
  logger: McoLogger;
}

/** An answer line: a result or an error, tied to a request id. */
export type AnswerLine = Extract<BridgeLine, { type: 'result' | 'error' }>;

interface Deferred<T> {
  promise: Promise<T>;
  resolve(value: T): void;
  reject(error: Error): void;
}

// Promise.withResolvers needs Node 22; the project supports Node 20.
function deferred<T>(): Deferred<T> {
  let resolve: (value: T) => void = () => undefined;
  let reject: (error: Error) => void = () => undefined;
  const promise = new Promise<T>((ok, fail) => {
    resolve = ok;
    reject = fail;
  });
  return { promise, resolve, reject };
}

interface Waiter {
  id: string;
  resolve(line: AnswerLine): void;
  reject(error: Error): void;
  timer: NodeJS.Timeout;
}

const STDERR_TAIL_CHARS = 2000;
const STOP_GRACE_MS = 3000;

/** A spawned bridge; create it with `BridgeProcess.start`. */
export class BridgeProcess {
  readonly #child: ChildProcessWithoutNullStreams;
  readonly #logger: McoLogger;
  readonly #ready = deferred<void>();
  readonly #exited = deferred<void>();
  #exitReason: string | undefined;
  #killed = false;
  #waiter: Waiter | undefined;
  #stderrTail = '';

  private constructor(options: BridgeProcessOptions) {
    this.#logger = options.logger;
    this.#child = spawn(options.command, options.args, {
      env: options.env ?? process.env,
      stdio: ['pipe', 'pipe', 'pipe'],
    });
    this.#child.on('error', (error) => this.#onExit(`could not run ${options.command}: ${error}`));
    this.#child.on('exit', (code, signal) => this.#onExit(`exited (${signal ?? `code ${code}`})`));
    // A write to a bridge that just died fails with EPIPE; the exit handler reports it.
    this.#child.stdin.on('error', () => undefined);
    this.#child.stderr.setEncoding('utf8');
    this.#child.stderr.on('data', (chunk: string) => this.#onStderr(chunk));
    createInterface({ input: this.#child.stdout }).on('line', (text) => this.#onLine(text));
  }

  /** Spawns a bridge and resolves once it is connected; rejects with `McoBridgeDied`. */
  static async start(options: BridgeProcessOptions): Promise<BridgeProcess> {
    const bridge = new BridgeProcess(options);
    const timer = setTimeout(() => {
      bridge.#ready.reject(
        new McoBridgeDied(`bridge did not start in ${options.startTimeoutMs} ms`),
      );
      bridge.#kill();
    }, options.startTimeoutMs);
    try {
      await bridge.#ready.promise;
    } finally {
      clearTimeout(timer);
    }
    return bridge;
  }

  /** The bridge's process id (undefined if spawning failed). */
  get pid(): number | undefined {
    return this.#child.pid;
  }

  /** False once the process exited or was killed. */
  get alive(): boolean {
    return this.#exitReason === undefined && !this.#killed;
  }

  /** Sends one request and waits for its answer; at `deadlineMs` the bridge is killed. */
  request(id: string, request: BridgeRequest, deadlineMs: number): Promise<AnswerLine> {
    if (!this.alive) return Promise.reject(this.#died());
    if (this.#waiter) return Promise.reject(new Error('bridge is busy: requests must be queued'));
    const { promise, resolve, reject } = deferred<AnswerLine>();
    const timer = setTimeout(() => {
      this.#settle()?.reject(new McoBridgeDied(`bridge gave no answer in ${deadlineMs} ms`));
      this.#kill();
    }, deadlineMs);
    this.#waiter = { id, resolve, reject, timer };
    this.#child.stdin.write(encodeRequest(id, request));
    return promise;
  }

  /** Closes the bridge's stdin (it exits on end of input), killing it if it lingers. */
  async stop(): Promise<void> {
    if (this.#exitReason !== undefined) return;
    this.#child.stdin.end();
    const timer = setTimeout(() => this.#kill(), STOP_GRACE_MS);
    await this.#exited.promise;
    clearTimeout(timer);
  }

  // Marks the process dead at once: its exit event comes later, and nothing may be sent to it.
  #kill(): void {
    this.#killed = true;
    this.#child.kill('SIGKILL');
  }

  #onLine(text: string): void {
    const line = decodeLine(text);
    switch (line.type) {
      case 'ready':
        this.#logger.debug('mco bridge ready', { pid: line.pid, mcollective: line.version });
        this.#ready.resolve();
        return;
      case 'fatal':
        this.#ready.reject(new McoBridgeDied(`bridge could not connect: ${line.message}`));
        return;
      case 'garbage':
        this.#logger.warn('mco bridge wrote an unexpected line', { line: text.slice(0, 200) });
        return;
      default:
        this.#onAnswer(line);
    }
  }

  #onAnswer(line: AnswerLine): void {
    const waiter = this.#waiter;
    if (!waiter || (line.id !== null && line.id !== waiter.id)) {
      this.#logger.warn('mco bridge answered an unknown request', { request_id: line.id });
      return;
    }
    this.#settle()?.resolve(line);
  }

  #settle(): Waiter | undefined {
    const waiter = this.#waiter;
    if (waiter) clearTimeout(waiter.timer);
    this.#waiter = undefined;
    return waiter;
  }

  #onStderr(chunk: string): void {
    this.#stderrTail = (this.#stderrTail + chunk).slice(-STDERR_TAIL_CHARS);
    this.#logger.debug('mco bridge stderr', { text: chunk.trimEnd().slice(0, 500) });
  }

  #onExit(reason: string): void {
    if (this.#exitReason !== undefined) return;
    this.#exitReason = reason;
    this.#ready.reject(this.#died());
    this.#settle()?.reject(this.#died());
    this.#exited.resolve();
  }

  #died(): McoBridgeDied {
    const detail = this.#stderrTail.trim().split('\n').slice(-3).join(' | ');
    const reason = this.#exitReason ?? 'was killed';
    return new McoBridgeDied(`bridge ${reason}${detail ? `: ${detail}` : ''}`);
  }
}
