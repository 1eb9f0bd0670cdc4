import { LocalServiceError } from './service-error.js';
import { TaskFailure } from './task-failure.js';

/** Step Functions' largest task output. */
const MAX_OUTPUT_BYTES = 262_144;
/** The longest delay `setTimeout` keeps; a longer one fires at once. */
const MAX_TIMER_MS = 2_147_483_647;
/** Closed tokens remembered to answer `TaskTimedOut` rather than `InvalidToken`. */
const REMEMBERED_CLOSED = 10_000;

/** The clocks of a waiting token (the Task state's HeartbeatSeconds and TimeoutSeconds). */
export interface RegisterOptions {
  /** Without a heartbeat for this long the task fails with `States.HeartbeatTimeout`. */
  heartbeatSeconds?: number;
  /** After this long the task fails with `States.Timeout`. */
  timeoutSeconds?: number;
  /** Tokens of one execution, closed together by `closeGroup`. */
  group?: string;
}

interface PendingTask {
  group: string | undefined;
  resolve: (output: unknown) => void;
  reject: (error: Error) => void;
  heartbeatMs: number | undefined;
  heartbeat?: NodeJS.Timeout;
  timeout?: NodeJS.Timeout;
}

/**
 * The task tokens of the steps waiting for the relay: the local stand-in for Step Functions'
 * `SendTaskSuccess`, `SendTaskFailure` and `SendTaskHeartbeat`. A token answers once; after
 * that, or after it timed out or its execution ended, answers fail with `TaskTimedOut`.
 */
export class TokenRegistry {
  readonly #pending = new Map<string, PendingTask>();
  readonly #closed = new Set<string>();

  /** Waits for the answer to `token`: resolves with the output, rejects with the failure. */
  register(token: string, options: RegisterOptions = {}): Promise<unknown> {
    if (this.#pending.has(token) || this.#closed.has(token)) {
      throw new LocalServiceError('InvalidToken', 'Invalid Token: token already used');
    }

    return new Promise((resolve, reject) => {
      const task: PendingTask = {
        group: options.group,
        resolve,
        reject,
        heartbeatMs: seconds(options.heartbeatSeconds),
      };
      this.#pending.set(token, task);
      this.#armHeartbeat(token, task);
      const timeoutMs = seconds(options.timeoutSeconds);
      if (timeoutMs !== undefined) {
        task.timeout = unref(
          setTimeout(() => this.#close(token, new TaskFailure('States.Timeout', '')), timeoutMs),
        );
      }
    });
  }

  /** Completes the task with `output` (any JSON value up to 256 KiB). */
  succeed(token: string, output: unknown): void {
    const text = serialize(output);
    this.#take(token).resolve(JSON.parse(text));
  }

  /** Fails the task: `error` is matched by `Retry`/`Catch`, `cause` is handed on. */
  fail(token: string, error: string, cause: string): void {
    this.#take(token).reject(new TaskFailure(error, cause));
  }

  /** Proves the task is still being worked on; restarts its heartbeat clock. */
  heartbeat(token: string): void {
    const task = this.#pending.get(token);
    if (!task) throw this.#unknown(token);
    this.#armHeartbeat(token, task);
  }

  /** Fails every waiting token of `group` with `reason`; returns how many there were. */
  closeGroup(group: string, reason: Error): number {
    const tokens = [...this.#pending].filter(([, task]) => task.group === group);
    for (const [token] of tokens) this.#close(token, reason);

    return tokens.length;
  }

  /** Tokens waiting for an answer, all or those of one group. */
  pendingCount(group?: string): number {
    if (group === undefined) return this.#pending.size;

    return [...this.#pending.values()].filter((task) => task.group === group).length;
  }

  #armHeartbeat(token: string, task: PendingTask): void {
    if (task.heartbeatMs === undefined) return;
    clearTimeout(task.heartbeat);
    task.heartbeat = unref(
      setTimeout(
        () => this.#close(token, new TaskFailure('States.HeartbeatTimeout', '')),
        task.heartbeatMs,
      ),
    );
  }

  #close(token: string, reason: Error): void {
    const task = this.#pending.get(token);
    if (!task) return;
    this.#take(token);
    task.reject(reason);
  }

  /** Removes a waiting token and remembers it as closed. */
  #take(token: string): PendingTask {
    const task = this.#pending.get(token);
    if (!task) throw this.#unknown(token);
    clearTimeout(task.heartbeat);
    clearTimeout(task.timeout);
    this.#pending.delete(token);
    this.#closed.add(token);
    if (this.#closed.size > REMEMBERED_CLOSED) {
      const oldest = this.#closed.values().next();
      if (!oldest.done) this.#closed.delete(oldest.value);
    }

    return task;
  }

  #unknown(token: string): LocalServiceError {
    if (this.#closed.has(token)) {
      return new LocalServiceError(
        'TaskTimedOut',
        "Task Timed Out: 'Provided task does not exist anymore'",
      );
    }

    return new LocalServiceError('InvalidToken', 'Invalid Token: unknown task token');
  }
}

function serialize(output: unknown): string {
  let text: string | undefined;
  try {
    text = JSON.stringify(output);
  } catch {
    text = undefined;
  }
  if (text === undefined) throw new LocalServiceError('InvalidOutput', 'Output is not JSON');
  if (Buffer.byteLength(text) > MAX_OUTPUT_BYTES) {
    throw new LocalServiceError('InvalidOutput', `Output is longer than ${MAX_OUTPUT_BYTES} bytes`);
  }

  return text;
}

function seconds(value: number | undefined): number | undefined {
  return value === undefined || value <= 0 ? undefined : Math.min(value * 1000, MAX_TIMER_MS);
}

function unref(timer: NodeJS.Timeout): NodeJS.Timeout {
  // A waiting token must not keep a finished process alive.
  return timer.unref();
}
