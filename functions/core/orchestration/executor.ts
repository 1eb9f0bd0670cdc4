/**
 * The port through which the API starts and steers executions of the deployment workflows. AWS
 * runs them on Step Functions (`sfn-executor.ts`); the embedded mode and the tests run the same
 * ASL files in-process (`infra/local/stepfunctions`).
 */

// The workflows are named by their contract, which the ASL files and the relay share.
export { MACHINE_NAMES, type MachineName } from '../../../statemachines/contracts/execution.js';

import type { MachineName } from '../../../statemachines/contracts/execution.js';

/** Step Functions' execution statuses (`PENDING_REDRIVE` is reported as `RUNNING`). */
export const EXECUTION_STATUSES = [
  'RUNNING',
  'SUCCEEDED',
  'FAILED',
  'ABORTED',
  'TIMED_OUT',
] as const;
export type ExecutionStatus = (typeof EXECUTION_STATUSES)[number];

/** The statuses from which an execution can be redriven. */
export const REDRIVABLE_STATUSES: readonly ExecutionStatus[] = ['FAILED', 'ABORTED', 'TIMED_OUT'];

/** Which workflow to start, under which name, with which input. */
export interface StartExecutionRequest {
  machine: MachineName;
  /** Unique per machine; starting the same name with the same input again is a no-op. */
  name: string;
  input: object;
}

/** Why an execution is stopped, recorded as its error and cause. */
export interface StopExecutionOptions {
  error?: string;
  cause?: string;
}

/** Where an execution stands. */
export interface ExecutionDescription {
  status: ExecutionStatus;
  error?: string;
  cause?: string;
}

/** Starts, stops, redrives and describes executions of the deployment workflows. */
export interface WorkflowExecutor {
  /** Starts an execution and returns at once; idempotent for the same name and input. */
  start(request: StartExecutionRequest): Promise<{ executionId: string }>;
  /** Aborts a running execution; a closed one is left as it is. */
  stop(executionId: string, options?: StopExecutionOptions): Promise<void>;
  /** Runs a failed, aborted or timed-out execution again from the steps that did not succeed. */
  redrive(executionId: string): Promise<void>;
  /** The execution's status, or `undefined` when no such execution exists. */
  describe(executionId: string): Promise<ExecutionDescription | undefined>;
}

/** Failures of the port, named like Step Functions' own errors so callers match one set. */
export const EXECUTOR_ERRORS = {
  alreadyExists: 'ExecutionAlreadyExists',
  doesNotExist: 'ExecutionDoesNotExist',
  notRedrivable: 'ExecutionNotRedrivable',
} as const;
export type ExecutorErrorName = (typeof EXECUTOR_ERRORS)[keyof typeof EXECUTOR_ERRORS];

/** A refusal of the executor; `name` is one of `EXECUTOR_ERRORS`. */
export class ExecutorError extends Error {
  override readonly name: ExecutorErrorName;

  constructor(name: ExecutorErrorName, message: string, options?: { cause?: unknown }) {
    super(message, options);
    this.name = name;
  }
}
