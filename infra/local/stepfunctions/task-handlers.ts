import type { RunOptions } from 'aws-local-stepfunctions';
import type { LocalQueue } from '../queue/local-queue.js';
import { TaskFailure } from '../queue/task-failure.js';
import type { TokenRegistry } from '../queue/token-registry.js';
import type { ExecutionLedger } from './ledger.js';
import { stepBase, stepKey } from './step-key.js';
import { invokeFunction, type LocalLambda, sendAndWait, sendMessage } from './task-resources.js';
import { TASK_KINDS, type TaskStateInfo } from './task-states.js';

type Handlers = NonNullable<NonNullable<RunOptions['overrides']>['taskResourceLocalHandlers']>;
type Handler = Handlers[string];
type JsonValue = Awaited<ReturnType<Handler>>;

/**
 * What `$$.Task.Token` resolves to: the library's context is one object per execution, so each
 * relay step swaps this for a token of its own before the message leaves.
 */
export const TOKEN_SENTINEL = '$$local-task-token$$';

/** What the handlers of one run of an execution share. */
export interface RunState {
  executionId: string;
  /** The token group of this run, closed when it ends. */
  group: string;
  /** A redrive: steps recorded by earlier runs return their output without running. */
  replay: boolean;
  /** Set by `stop`: steps that start after it fail at once. */
  aborted: boolean;
  /** Successes so far per step base (see `stepKey`). */
  successes: Map<string, number>;
}

/** What the Task state handlers call. */
export interface TaskServices {
  lambda: LocalLambda;
  queue: LocalQueue;
  tokens: TokenRegistry;
  ledger: ExecutionLedger;
}

/** One local handler per Task state of the definition, keyed by state name. */
export function buildTaskHandlers(
  tasks: Map<string, TaskStateInfo>,
  services: TaskServices,
  run: RunState,
): Handlers {
  return Object.fromEntries(
    [...tasks.values()].map((task) => [task.name, recordedStep(task, services, run)]),
  );
}

/** Runs the step, or replays its recorded output in a redrive, and records a success. */
function recordedStep(task: TaskStateInfo, services: TaskServices, run: RunState): Handler {
  return async (input) => {
    if (run.aborted) throw new TaskFailure('States.Runtime', 'The execution was stopped');
    const base = stepBase(task.name, input, TOKEN_SENTINEL);
    if (run.replay) {
      const successes = run.successes.get(base) ?? 0;
      const recorded = await services.ledger.getStep(run.executionId, stepKey(base, successes));
      if (recorded) {
        run.successes.set(base, successes + 1);
        return recorded.output as JsonValue;
      }
    }
    const output = await runStep(task, services, run, input);
    const successes = run.successes.get(base) ?? 0;
    run.successes.set(base, successes + 1);
    await services.ledger.putStep(run.executionId, stepKey(base, successes), task.name, output);

    return output;
  };
}

async function runStep(
  task: TaskStateInfo,
  services: TaskServices,
  run: RunState,
  input: JsonValue,
): Promise<JsonValue> {
  const invocation = {
    executionId: run.executionId,
    stateName: task.name,
    resource: task.resource,
  };
  switch (task.kind) {
    case TASK_KINDS.function:
      return (await invokeFunction(services.lambda, input, invocation)) as JsonValue;
    case TASK_KINDS.lambdaInvoke: {
      const payload = isRecord(input) ? input.Payload : undefined;
      const result = await invokeFunction(services.lambda, payload ?? null, invocation);
      return { ExecutedVersion: '$LATEST', Payload: result, StatusCode: 200 } as JsonValue;
    }
    case TASK_KINDS.send:
      return sendMessage(services.queue, input, TOKEN_SENTINEL) as JsonValue;
    case TASK_KINDS.relay:
      return (await sendAndWait(services, input, {
        sentinel: TOKEN_SENTINEL,
        group: run.group,
        heartbeatSeconds: task.heartbeatSeconds,
        timeoutSeconds: task.timeoutSeconds,
      })) as JsonValue;
  }
}

function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}
