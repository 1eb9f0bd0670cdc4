import type { StepAction } from '../contracts/execution.js';
import type { PayloadTemplate, TaskState, Transition } from './asl.js';
import { LAMBDA_RETRY, LAMBDA_TIMEOUT_SECONDS, STEPS_FUNCTION_RESOURCE } from './policy.js';
import { catchAll } from './transitions.js';

export interface LambdaStepOptions {
  /** The payload's fields besides `action` (a payload template). */
  fields: PayloadTemplate;
  /** Where the result goes in the state; `null` keeps the input unchanged; absent replaces it. */
  resultPath?: string | null;
  transition: Transition;
  /** The state that receives any error, after the Lambda service's own retries. */
  catchTo?: string;
  comment?: string;
}

/**
 * A Task state that calls the steps function with `{action, ...fields}`. The function returns
 * its result directly (no `Payload` wrapper), because the resource is the function's ARN.
 */
export function lambdaStep(action: StepAction, options: LambdaStepOptions): TaskState {
  const state: TaskState = {
    Type: 'Task',
    ...(options.comment ? { Comment: options.comment } : {}),
    Resource: STEPS_FUNCTION_RESOURCE,
    Parameters: { action, ...options.fields },
    ...(options.resultPath !== undefined ? { ResultPath: options.resultPath } : {}),
    TimeoutSeconds: LAMBDA_TIMEOUT_SECONDS,
    Retry: [LAMBDA_RETRY],
    ...(options.catchTo ? { Catch: catchAll(options.catchTo) } : {}),
    ...options.transition,
  };

  return state;
}
