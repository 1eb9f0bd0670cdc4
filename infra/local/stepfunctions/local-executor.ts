import { type Logger, silentLogger } from '../../../functions/core/logger.js';
import {
  EXECUTOR_ERRORS,
  type ExecutionDescription,
  ExecutorError,
  type MachineName,
  REDRIVABLE_STATUSES,
  type StartExecutionRequest,
  type StopExecutionOptions,
  type WorkflowExecutor,
} from '../../../functions/core/orchestration/executor.js';
import type { Queryable } from '../../../functions/db/database.js';
import type { LocalQueue } from '../queue/local-queue.js';
import { LocalServiceError } from '../queue/service-error.js';
import { TaskFailure } from '../queue/task-failure.js';
import type { TokenRegistry } from '../queue/token-registry.js';
import { describeRecord, newRecord, sameInput } from './execution-record.js';
import {
  type PreparedMachine,
  type RunOutcome,
  type StartedRun,
  startRun,
} from './execution-run.js';
import type { ExecutionLedger, ExecutionRecord } from './ledger.js';
import { createMemoryLedger } from './memory-ledger.js';
import { createPostgresLedger } from './postgres-ledger.js';
import { prepareMachine } from './prepare-machine.js';
import type { RunState } from './task-handlers.js';
import type { LocalLambda } from './task-resources.js';

/** What the local executor runs, and on what. */
export interface LocalExecutorOptions {
  /** The ASL definitions (parsed JSON) of the machines this process runs. */
  definitions: Partial<Record<MachineName, object>>;
  /** Values of the `${...}` placeholders, as the stack's `DefinitionSubstitutions` gives. */
  substitutions?: Record<string, string>;
  /** Serves every Task state whose resource is a Lambda function. */
  lambda: LocalLambda;
  /** Receives the messages of `sqs:sendMessage` Task states. */
  queue: LocalQueue;
  /** Holds the tokens of `.waitForTaskToken` Task states until the relay answers. */
  tokens: TokenRegistry;
  /** Where executions and step outputs are kept; on `db` when given, else in memory. */
  ledger?: ExecutionLedger;
  db?: Queryable;
  logger?: Logger;
  /** Milliseconds every `Retry` waits (tests: 0), instead of the definition's backoff. */
  retryDelayMs?: number;
  /** Milliseconds every Wait state waits (tests), instead of its own duration. */
  waitDelayMs?: number;
  now?: () => Date;
}

/** The embedded runtime's executor, with what tests and the benchmark look at besides. */
export interface LocalExecutor extends WorkflowExecutor {
  /** `StateEntered` events of the execution so far, over all its runs in this process. */
  transitions(executionId: string): number;
  /** Waits for the current run of the execution to end and describes it. */
  settled(executionId: string): Promise<ExecutionDescription>;
  /** Marks executions left running by an earlier process as aborted; returns their ids. */
  recover(): Promise<string[]>;
}

interface Entry {
  record: ExecutionRecord;
  transitions: number;
  /** Settles when `start` has looked the execution up and launched it. */
  ready: Promise<void>;
  run?: StartedRun;
  /** Settles when the current run has ended and been recorded. */
  done: Promise<void>;
  stopReason?: StopExecutionOptions;
  /** Saves of the record, in order. */
  saved: Promise<void>;
}

/** What `recover` records as the reason an execution stopped. */
const RESTARTED = { error: 'Local.ProcessRestarted', cause: 'The process running it stopped' };

/** Creates the executor that runs the ASL definitions in-process (aws-local-stepfunctions). */
export function createLocalExecutor(options: LocalExecutorOptions): LocalExecutor {
  return new LocalStepFunctions(options);
}

class LocalStepFunctions implements LocalExecutor {
  readonly #machines = new Map<MachineName, PreparedMachine>();
  readonly #entries = new Map<string, Entry>();
  readonly #ledger: ExecutionLedger;
  readonly #logger: Logger;
  readonly #now: () => Date;
  readonly #options: LocalExecutorOptions;

  constructor(options: LocalExecutorOptions) {
    this.#options = options;
    for (const [machine, definition] of Object.entries(options.definitions)) {
      if (!definition) continue;
      this.#machines.set(
        machine as MachineName,
        prepareMachine(machine, definition, {
          substitutions: options.substitutions ?? {},
          retryDelayMs: options.retryDelayMs,
          waitDelayMs: options.waitDelayMs,
        }),
      );
    }
    this.#ledger =
      options.ledger ?? (options.db ? createPostgresLedger(options.db) : createMemoryLedger());
    this.#logger = options.logger ?? silentLogger;
    this.#now = options.now ?? (() => new Date());
  }

  async start(request: StartExecutionRequest): Promise<{ executionId: string }> {
    const prepared = this.#machine(request.machine);
    const executionId = `local:${request.machine}:${request.name}`;
    const input = JSON.parse(JSON.stringify(request.input)) as object;
    let entry = this.#entries.get(executionId);
    if (!entry) {
      entry = this.#newEntry(newRecord(executionId, request, input, this.#now()));
      this.#entries.set(executionId, entry);
      entry.ready = this.#open(entry, prepared);
    }
    await entry.ready;
    sameInput(entry.record, input);

    return { executionId };
  }

  async stop(executionId: string, options: StopExecutionOptions = {}): Promise<void> {
    const entry = await this.#find(executionId);
    if (!entry.run) {
      // Left running by an earlier process: nothing runs it any more, so only the record moves.
      if (entry.record.status === 'RUNNING') {
        await this.#close(entry, 'ABORTED', { ...RESTARTED, ...options });
      }
      return;
    }
    entry.stopReason = options;
    entry.run.abort();
    await entry.done;
  }

  async redrive(executionId: string): Promise<void> {
    const entry = await this.#find(executionId);
    const { record } = entry;
    // A RUNNING record without a run here was left by an earlier process: redrivable too.
    const orphan = record.status === 'RUNNING' && !entry.run;
    if (entry.run || (!orphan && !REDRIVABLE_STATUSES.includes(record.status))) {
      throw new ExecutorError(
        EXECUTOR_ERRORS.notRedrivable,
        `Execution ${executionId} is ${record.status} and cannot be redriven`,
      );
    }
    const prepared = this.#machine(record.machine);
    Object.assign(record, { status: 'RUNNING', error: null, cause: null, stoppedAt: null });
    record.redriveCount += 1;
    entry.stopReason = undefined;
    this.#launch(entry, prepared);
    await this.#persist(entry);
  }

  async describe(executionId: string): Promise<ExecutionDescription | undefined> {
    const entry = this.#entries.get(executionId);
    if (entry) await entry.ready.catch(() => undefined);
    const record = entry?.record ?? (await this.#ledger.getExecution(executionId));

    return record && describeRecord(record);
  }

  transitions(executionId: string): number {
    return this.#entries.get(executionId)?.transitions ?? 0;
  }

  async settled(executionId: string): Promise<ExecutionDescription> {
    const entry = await this.#find(executionId);
    await entry.done;

    return describeRecord(entry.record);
  }

  async recover(): Promise<string[]> {
    const running = await this.#ledger.findExecutions('RUNNING');
    const orphans = running.filter((record) => !this.#entries.get(record.id)?.run);
    for (const record of orphans) {
      const entry = this.#entries.get(record.id) ?? this.#adopt(record);
      await this.#close(entry, 'ABORTED', RESTARTED);
    }

    return orphans.map((record) => record.id);
  }

  /** Looks a new execution up in the ledger (an earlier process may have run it) or runs it. */
  async #open(entry: Entry, prepared: PreparedMachine): Promise<void> {
    let persisted: ExecutionRecord | undefined;
    try {
      persisted = await this.#ledger.getExecution(entry.record.id);
      if (!persisted) await this.#persist(entry);
    } catch (error) {
      this.#entries.delete(entry.record.id);
      throw error;
    }
    if (persisted) entry.record = persisted;
    else this.#launch(entry, prepared);
  }

  #launch(entry: Entry, prepared: PreparedMachine): void {
    const { record } = entry;
    const state: RunState = {
      executionId: record.id,
      group: `${record.id}#${record.redriveCount}`,
      replay: record.redriveCount > 0,
      aborted: false,
      successes: new Map(),
    };
    const run = startRun({
      prepared,
      services: { ...this.#options, ledger: this.#ledger },
      state,
      executionName: record.name,
      input: record.input,
      onTransition: () => {
        entry.transitions += 1;
      },
    });
    entry.run = run;
    entry.done = run.outcome.then((outcome) => this.#finish(entry, state, outcome));
    this.#log(record).info('execution started', {
      machine: record.machine,
      redrive_count: record.redriveCount,
    });
  }

  async #finish(entry: Entry, state: RunState, outcome: RunOutcome): Promise<void> {
    entry.run = undefined;
    this.#options.tokens.closeGroup(
      state.group,
      new TaskFailure('States.Runtime', 'The execution has ended'),
    );
    const reason = outcome.status === 'ABORTED' ? entry.stopReason : undefined;
    await this.#close(entry, outcome.status, {
      error: reason?.error ?? outcome.error,
      cause: reason?.cause ?? outcome.cause,
    }).catch((error: unknown) =>
      this.#log(entry.record).error('execution not recorded', { error }),
    );
  }

  async #close(
    entry: Entry,
    status: RunOutcome['status'],
    reason: { error?: string | null; cause?: string | null },
  ): Promise<void> {
    const { record } = entry;
    const from = record.status;
    Object.assign(record, {
      status,
      error: reason.error ?? null,
      cause: reason.cause ?? null,
      stoppedAt: this.#now(),
    });
    this.#log(record).info('execution ended', { from, to: status, error: record.error });
    await this.#persist(entry);
  }

  /** The entry of a known execution, loaded from the ledger when this process has none. */
  async #find(executionId: string): Promise<Entry> {
    const entry = this.#entries.get(executionId);
    if (entry) {
      await entry.ready;
      return entry;
    }
    const record = await this.#ledger.getExecution(executionId);
    if (!record) {
      throw new ExecutorError(
        EXECUTOR_ERRORS.doesNotExist,
        `Execution ${executionId} does not exist`,
      );
    }

    return this.#entries.get(executionId) ?? this.#adopt(record);
  }

  #adopt(record: ExecutionRecord): Entry {
    const entry = this.#newEntry(record);
    this.#entries.set(record.id, entry);

    return entry;
  }

  #newEntry(record: ExecutionRecord): Entry {
    const settled = Promise.resolve();
    return { record, transitions: 0, ready: settled, done: settled, saved: settled };
  }

  /** Saves a snapshot of the record after the saves before it, so the last state wins. */
  #persist(entry: Entry): Promise<void> {
    const snapshot = structuredClone(entry.record);
    const next = entry.saved.then(() => this.#ledger.saveExecution(snapshot));
    entry.saved = next.catch(() => undefined);

    return next;
  }

  #machine(machine: MachineName): PreparedMachine {
    const prepared = this.#machines.get(machine);
    if (!prepared) {
      throw new LocalServiceError('StateMachineDoesNotExist', `No definition for ${machine}`);
    }

    return prepared;
  }

  #log(record: ExecutionRecord): Logger {
    return this.#logger.child({ execution_arn: record.id, task_uuid: record.taskUuid });
  }
}
