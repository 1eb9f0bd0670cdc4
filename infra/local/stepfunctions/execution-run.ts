import './polyfill.js';
import {
  ExecutionAbortedError,
  ExecutionError,
  ExecutionTimeoutError,
  type RunOptions,
  type StateMachine,
} from 'aws-local-stepfunctions';
import type { ExecutionStatus } from '../../../functions/core/orchestration/executor.js';
import {
  buildTaskHandlers,
  type RunState,
  type TaskServices,
  TOKEN_SENTINEL,
} from './task-handlers.js';
import type { TaskStateInfo } from './task-states.js';

/** A definition ready to run: validated once, with its Task states found. */
export interface PreparedMachine {
  name: string;
  machine: StateMachine;
  tasks: Map<string, TaskStateInfo>;
  /** Passed to the library as is (tests make retries and waits instant). */
  overrides: Pick<
    NonNullable<RunOptions['overrides']>,
    'retryIntervalOverrides' | 'waitTimeOverrides'
  >;
}

/** How a run ended. */
export interface RunOutcome {
  status: Exclude<ExecutionStatus, 'RUNNING'>;
  error: string | null;
  cause: string | null;
}

/** A run in progress. */
export interface StartedRun {
  /** Aborts the run; its outcome becomes `ABORTED`. */
  abort(): void;
  outcome: Promise<RunOutcome>;
}

/** What one run needs. */
export interface RunRequest {
  prepared: PreparedMachine;
  services: TaskServices;
  state: RunState;
  executionName: string;
  input: object;
  /** Called on every `StateEntered` event, nested states included. */
  onTransition: () => void;
}

/** Starts one run (the first, or a redrive) of an execution in the background. */
export function startRun(request: RunRequest): StartedRun {
  const { prepared, state } = request;
  const execution = prepared.machine.run(request.input as Parameters<StateMachine['run']>[0], {
    overrides: {
      ...prepared.overrides,
      taskResourceLocalHandlers: buildTaskHandlers(prepared.tasks, request.services, state),
    },
    context: {
      Execution: { Id: state.executionId, Name: request.executionName },
      StateMachine: { Id: prepared.name, Name: prepared.name },
      Task: { Token: TOKEN_SENTINEL },
    },
  });
  const counted = countTransitions(execution.eventLogs, request.onTransition);
  const outcome = execution.result.then(
    (): RunOutcome => ({ status: 'SUCCEEDED', error: null, cause: null }),
    outcomeOfFailure,
  );

  return {
    abort: () => {
      state.aborted = true;
      execution.abort();
    },
    // The event log closes with the run; waiting for it makes the count final.
    outcome: outcome.then(async (result) => {
      await counted;
      return result;
    }),
  };
}

async function countTransitions(
  events: AsyncGenerator<{ type: string }>,
  onTransition: () => void,
): Promise<void> {
  for await (const event of events) {
    if (event.type === 'StateEntered') onTransition();
  }
}

function outcomeOfFailure(error: unknown): RunOutcome {
  if (error instanceof ExecutionAbortedError)
    return { status: 'ABORTED', error: null, cause: null };
  if (error instanceof ExecutionTimeoutError) {
    return { status: 'TIMED_OUT', error: 'States.Timeout', cause: null };
  }
  const failure =
    error instanceof ExecutionError && error.cause instanceof Error ? error.cause : error;
  if (failure instanceof Error)
    return { status: 'FAILED', error: failure.name, cause: failure.message };

  return { status: 'FAILED', error: 'States.Runtime', cause: String(failure) };
}
