import { type AslObject, allStates } from './states.js';

/** How the local runtime serves a Task state's `Resource`. */
export const TASK_KINDS = {
  /** A Lambda function ARN (or any non-service resource): the result comes back as is. */
  function: 'function',
  /** `arn:aws:states:::lambda:invoke`: the result is wrapped in `{Payload, StatusCode}`. */
  lambdaInvoke: 'lambda-invoke',
  /** `sqs:sendMessage.waitForTaskToken`: a message on the queue, then wait for the token. */
  relay: 'relay',
  /** `sqs:sendMessage`: a message on the queue, done. */
  send: 'send',
} as const;
export type TaskKind = (typeof TASK_KINDS)[keyof typeof TASK_KINDS];

/** A Task state as the local runtime serves it. */
export interface TaskStateInfo {
  name: string;
  kind: TaskKind;
  resource: string;
  /** Undefined when the state sets `TimeoutSecondsPath` instead. */
  timeoutSeconds: number | undefined;
  heartbeatSeconds: number | undefined;
}

const SERVICE_PREFIX = 'arn:aws:states:::';
const SERVICE_KINDS: Record<string, TaskKind> = {
  'lambda:invoke': TASK_KINDS.lambdaInvoke,
  'sqs:sendMessage': TASK_KINDS.send,
  'sqs:sendMessage.waitForTaskToken': TASK_KINDS.relay,
};

/**
 * The Task states of a definition by name. Throws for what the local runtime cannot serve
 * faithfully: two Task states of one name (local handlers are keyed by name), a service
 * integration other than Lambda and SQS, `HeartbeatSecondsPath`.
 */
export function findTaskStates(definition: AslObject): Map<string, TaskStateInfo> {
  const tasks = new Map<string, TaskStateInfo>();
  for (const { name, state, scope } of allStates(definition)) {
    if (state.Type !== 'Task') continue;
    const where = scope ? `${scope}/${name}` : name;
    if (tasks.has(name)) throw new Error(`Task state name "${name}" is used twice (${where})`);
    if (state.HeartbeatSecondsPath !== undefined) {
      throw new Error(`Task state "${where}": HeartbeatSecondsPath is not supported locally`);
    }
    tasks.set(name, describeTask(name, where, state));
  }

  return tasks;
}

function describeTask(name: string, where: string, state: AslObject): TaskStateInfo {
  const resource = state.Resource;
  if (typeof resource !== 'string') throw new Error(`Task state "${where}" has no Resource`);
  let kind: TaskKind = TASK_KINDS.function;
  if (resource.startsWith(SERVICE_PREFIX)) {
    const service = SERVICE_KINDS[resource.slice(SERVICE_PREFIX.length)];
    if (!service) throw new Error(`Task state "${where}": ${resource} is not supported locally`);
    kind = service;
  }

  return {
    name,
    kind,
    resource,
    timeoutSeconds: numberOrUndefined(state.TimeoutSeconds),
    heartbeatSeconds: numberOrUndefined(state.HeartbeatSeconds),
  };
}

function numberOrUndefined(value: unknown): number | undefined {
  return typeof value === 'number' ? value : undefined;
}
