import '../../../statemachines/runtime/polyfill.js';
import { readFileSync } from 'node:fs';
import {
  type RunOptions,
  StateMachine,
  type StateMachineDefinition,
} from 'aws-local-stepfunctions';
import type { MachineDefinition } from '../../../statemachines/build/asl.js';
import { aslPath } from '../../../statemachines/build/files.js';
import { STEPS_FUNCTION_RESOURCE } from '../../../statemachines/build/policy.js';
import {
  type ExecutionInput,
  type MachineName,
  type Plan,
  STEP_PAYLOADS,
  STEP_RESULTS,
  type StepPayload,
} from '../../../statemachines/contracts/execution.js';
import {
  type StepMessage,
  StepMessageSchema,
} from '../../../statemachines/contracts/step-message.js';
import type { StepFailure } from '../../../statemachines/contracts/step-result.js';
import { taskStates } from './asl-walk.js';
import { fakeStepsFunction, TaskFailure } from './fake-steps.js';

export const STEPS_FUNCTION_ARN = 'arn:aws:lambda:us-east-1:123456789012:function:fuel-steps';
export const TOKEN_SENTINEL = 'TOKEN';
export const EXECUTION_NAME = 'b1946ac9-2d4b-4a4e-9c0e-3f8e4a1d0c11';
export const INPUT: ExecutionInput = {
  task_uuid: '00000000-0000-4000-8000-000000000001',
  cluster_id: 7,
  queue_url: 'https://sqs.eu-west-1.amazonaws.com/123456789012/fuel-site-1',
  max_concurrency: 50,
};

type Handlers = NonNullable<NonNullable<RunOptions['overrides']>['taskResourceLocalHandlers']>;
type Handler = Handlers[string];
type EventLog =
  ReturnType<StateMachine['run']>['eventLogs'] extends AsyncGenerator<infer E> ? E : never;

/** One Task state's call, in the order the fakes received them. */
export interface Call {
  state: string;
  /** The Lambda action or the relay step. */
  name: string;
  nodeId: number | undefined;
  body: Record<string, unknown>;
}

export interface LocalRunOptions {
  plan: Plan;
  /** Decides a relay step's answer; `attempt` counts this step on this node, from 1. */
  relay?: (message: StepMessage, attempt: number) => StepFailure | undefined;
  /** Replaces the fake Lambda's answer for some payloads (throw a `TaskFailure` to fail). */
  lambda?: (payload: StepPayload) => unknown;
}

export interface LocalRunOutcome {
  status: 'succeeded' | 'failed';
  error: string | undefined;
  cause: string | undefined;
  calls: Call[];
  /** Payloads, messages or results that break the contracts (should stay empty). */
  violations: string[];
  events: EventLog[];
}

/** A committed ASL file with its placeholders filled, as Step Functions would run it. */
export function loadMachine(name: MachineName): MachineDefinition {
  const text = readFileSync(aslPath(name), 'utf8').replaceAll(
    STEPS_FUNCTION_RESOURCE,
    STEPS_FUNCTION_ARN,
  );

  return JSON.parse(text) as MachineDefinition;
}

/**
 * Runs a committed workflow with aws-local-stepfunctions 3.0.0: every Task state is served by a
 * fake steps function or a fake relay that answers at once, and every payload, message and
 * result is checked against the contracts on the way.
 */
export async function runLocally(
  name: MachineName,
  options: LocalRunOptions,
): Promise<LocalRunOutcome> {
  const definition = loadMachine(name);
  const recorder = createRecorder(options);
  const handlers: Handlers = {};
  const retries: Record<string, number> = {};
  for (const task of taskStates(definition)) {
    handlers[task.name] =
      task.kind === 'relay' ? recorder.relay(task.name) : recorder.lambda(task.name);
    retries[task.name] = 0;
  }
  const machine = new StateMachine(definition as unknown as StateMachineDefinition);
  const execution = machine.run(INPUT, {
    context: { Execution: { Name: EXECUTION_NAME }, Task: { Token: TOKEN_SENTINEL } },
    overrides: { taskResourceLocalHandlers: handlers, retryIntervalOverrides: retries },
  });
  const events: EventLog[] = [];
  const logged = (async () => {
    for await (const event of execution.eventLogs) events.push(event);
  })();

  const outcome = await settle(execution.result);
  await logged;

  return { ...outcome, calls: recorder.calls, violations: recorder.violations, events };
}

async function settle(result: Promise<unknown>) {
  try {
    await result;

    return { status: 'succeeded' as const, error: undefined, cause: undefined };
  } catch (failure) {
    const caught = (failure as { cause?: { name?: string; message?: string } }).cause;

    return { status: 'failed' as const, error: caught?.name, cause: caught?.message };
  }
}

function createRecorder(options: LocalRunOptions) {
  const calls: Call[] = [];
  const violations: string[] = [];
  const attempts = new Map<string, number>();
  const steps = fakeStepsFunction(options.plan);

  const lambda =
    (state: string): Handler =>
    async (input) => {
      const payload = input as unknown as StepPayload;
      const parsed = STEP_PAYLOADS[payload.action]?.safeParse(payload);
      if (!parsed?.success) violations.push(`${state}: payload ${JSON.stringify(payload)}`);
      calls.push({ state, name: payload.action, nodeId: nodeIdOf(payload), body: { ...payload } });
      const result = options.lambda?.(payload) ?? steps(payload);
      if (!STEP_RESULTS[payload.action].safeParse(result).success) {
        violations.push(`${state}: result ${JSON.stringify(result)}`);
      }

      return result as Awaited<ReturnType<Handler>>;
    };

  const relay =
    (state: string): Handler =>
    async (input) => {
      const request = input as unknown as { QueueUrl: string; MessageBody: StepMessage };
      const message = request.MessageBody;
      checkMessage(state, request, violations);
      calls.push({ state, name: message.step, nodeId: nodeIdOf(message), body: { ...message } });
      const key = `${message.step}:${nodeIdOf(message) ?? '-'}`;
      const attempt = (attempts.get(key) ?? 0) + 1;
      attempts.set(key, attempt);
      const failure = options.relay?.(message, attempt);
      if (failure) throw new TaskFailure(failure.error, failure.cause);

      return { status: 'done' };
    };

  return { calls, violations, lambda, relay };
}

function checkMessage(
  state: string,
  request: { QueueUrl: string; MessageBody: StepMessage },
  violations: string[],
): void {
  const parsed = StepMessageSchema.safeParse(request.MessageBody);
  if (!parsed.success) violations.push(`${state}: message ${parsed.error.message}`);
  if (request.QueueUrl !== INPUT.queue_url) violations.push(`${state}: queue ${request.QueueUrl}`);
  if (request.MessageBody.task_token !== TOKEN_SENTINEL) violations.push(`${state}: token`);
  if (request.MessageBody.correlation_id !== EXECUTION_NAME) violations.push(`${state}: id`);
}

function nodeIdOf(body: object): number | undefined {
  return 'node_id' in body && typeof body.node_id === 'number' ? body.node_id : undefined;
}

/** The StateEntered events inside each node's iterations, and those outside any node. */
export function transitionsPerNode(events: EventLog[]): {
  perNode: Map<number, number>;
  shared: number;
} {
  const perNode = new Map<number, number>();
  let shared = 0;
  for (const event of events) {
    if (event.type !== 'StateEntered') continue;
    const input = event.state.input as { node?: { node_id?: unknown } } | null;
    const nodeId = input?.node?.node_id;
    if (typeof nodeId === 'number') perNode.set(nodeId, (perNode.get(nodeId) ?? 0) + 1);
    else shared += 1;
  }

  return { perNode, shared };
}
