import type { MachineErrorName } from '../contracts/execution.js';
import type { ChoiceRule, ChoiceState, PassState, States } from './asl.js';
import { lambdaStep } from './lambda-step.js';
import { END, next } from './transitions.js';

/** The state names every machine shares. */
export const TOP = {
  prepare: 'Prepare',
  finish: 'Finish',
  abort: 'Abort',
  failed: 'Failed',
} as const;

/** A phase of a machine: its first state and its states; it ends by going to its exit. */
export interface Phase {
  start: string;
  states: States;
}

/** The first state of every machine: the plan, in `$.plan`. */
export function prepare(afterPrepare: string): States {
  return {
    [TOP.prepare]: lambdaStep('prepare', {
      comment: 'Plans the work of each phase; null parts are skipped.',
      fields: { 'task_uuid.$': '$.task_uuid' },
      resultPath: '$.plan',
      transition: next(afterPrepare),
      catchTo: TOP.abort,
    }),
  };
}

/** The last states of every machine: Finish on success, Abort then Failed on failure. */
export function endings(): States {
  return {
    [TOP.finish]: lambdaStep('finish', {
      comment: 'Closes the task: every phase that ran has finished.',
      fields: { 'task_uuid.$': '$.task_uuid' },
      transition: END,
      catchTo: TOP.abort,
    }),
    [TOP.abort]: lambdaStep('abort', {
      comment: 'Ends the task in error with what went wrong ($.error), then fails the execution.',
      fields: {
        'task_uuid.$': '$.task_uuid',
        'error.$': '$.error.Error',
        'cause.$': '$.error.Cause',
      },
      resultPath: null,
      transition: next(TOP.failed),
    }),
    [TOP.failed]: { Type: 'Fail', ErrorPath: '$.error.Error', CausePath: '$.error.Cause' },
  };
}

/** A failure's cause: literal text, or an intrinsic function (`States.Format`) that makes it. */
export type CauseTemplate = { Cause: string } | { 'Cause.$': string };

/** Sets `$.error` to a machine error and goes to Abort (for failures found by a Choice). */
export function raise(error: MachineErrorName, cause: CauseTemplate): PassState {
  return {
    Type: 'Pass',
    Parameters: { Error: error, ...cause },
    ResultPath: '$.error',
    Next: TOP.abort,
  };
}

/**
 * A phase that may follow: taken when its part of the plan is not null, or when `when` holds
 * (a condition without `Next`).
 */
export interface NextPhase {
  planPath: string;
  start: string;
  when?: ChoiceRule;
}

export interface RouteOptions {
  /** Checked first: when `$.phase_result.failed` is true, go here. */
  failedTo?: string;
  candidates: NextPhase[];
  comment: string;
}

/** A Choice that goes to the first phase with work, or to Finish when none has any. */
export function route(options: RouteOptions): ChoiceState {
  const failed: ChoiceRule[] = options.failedTo
    ? [{ Variable: '$.phase_result.failed', BooleanEquals: true, Next: options.failedTo }]
    : [];
  const phases: ChoiceRule[] = options.candidates.map((candidate) => ({
    ...(candidate.when ?? { Not: { Variable: candidate.planPath, IsNull: true } }),
    Next: candidate.start,
  }));

  return {
    Type: 'Choice',
    Comment: options.comment,
    Choices: [...failed, ...phases],
    Default: TOP.finish,
  };
}
