import type { StepName, StepParams } from '../contracts/step-message.js';
import { isSiteStep } from '../contracts/step-message.js';
import { CONTRACT_VERSION } from '../contracts/version.js';
import type { JsonValue, PayloadTemplate, Retrier, TaskState, Transition } from './asl.js';
import {
  HEARTBEAT_SECONDS,
  LONG_STEP_SECONDS,
  RELAY_RESOURCE,
  RELAY_RETRY,
  RELAY_TIMEOUT_SECONDS,
  TIMEOUT_RETRY,
} from './policy.js';
import { catchAll } from './transitions.js';

/** A step's parameters as a payload template: each field literal (`k`) or by path (`k.$`). */
export type ParamsTemplate<S extends StepName> = {
  [K in keyof StepParams<S> & string as K | `${K}.$`]?: JsonValue;
};

export interface RelayStepOptions<S extends StepName> {
  step: S;
  params: ParamsTemplate<S>;
  /** Path of the uuid of the (sub)task the step reports on. */
  taskUuidPath: string;
  transition: Transition;
  /** The state that receives terminal failures and exhausted retries. */
  catchTo: string;
  comment?: string;
}

/**
 * A Task state that puts a step message on the site queue (`$.queue_url`) and waits until the
 * relay answers its task token. Node steps read the node from `$.node` (a `NodeRef`).
 */
export function relayStep<S extends StepName>(options: RelayStepOptions<S>): TaskState {
  const timeout = RELAY_TIMEOUT_SECONDS[options.step];

  return {
    Type: 'Task',
    ...(options.comment ? { Comment: options.comment } : {}),
    Resource: RELAY_RESOURCE,
    Parameters: { 'QueueUrl.$': '$.queue_url', MessageBody: messageBody(options) },
    ResultPath: null,
    TimeoutSeconds: timeout,
    // Step Functions refuses a heartbeat that is not shorter than the timeout.
    HeartbeatSeconds: Math.min(HEARTBEAT_SECONDS, timeout - 1),
    Retry: retriers(timeout),
    Catch: catchAll(options.catchTo),
    ...options.transition,
  };
}

function messageBody<S extends StepName>(options: RelayStepOptions<S>): PayloadTemplate {
  const node: PayloadTemplate = isSiteStep(options.step)
    ? {}
    : { 'node_id.$': '$.node.node_id', 'node_uid.$': '$.node.uid' };

  return {
    version: CONTRACT_VERSION,
    step: options.step,
    'task_token.$': '$$.Task.Token',
    'task_uuid.$': options.taskUuidPath,
    'cluster_id.$': '$.cluster_id',
    ...node,
    params: options.params as PayloadTemplate,
    'correlation_id.$': '$$.Execution.Name',
  };
}

function retriers(timeoutSeconds: number): Retrier[] {
  return timeoutSeconds < LONG_STEP_SECONDS ? [RELAY_RETRY, TIMEOUT_RETRY] : [RELAY_RETRY];
}
