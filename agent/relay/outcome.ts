import type { RelayErrorName, StepSuccess } from '../../statemachines/contracts/index.js';

/**
 * How one step ended, in the form the relay answers its task token with: the output of
 * `SendTaskSuccess`, or the `error` and encoded `cause` of `SendTaskFailure`. The journal keeps
 * it, so a redelivered step gets the same answer.
 */
export type StepOutcome =
  | { kind: 'success'; output: StepSuccess }
  | { kind: 'failure'; error: RelayErrorName; cause: string };

/** A successful outcome carrying `data` when there is any. */
export function succeeded(data?: Record<string, unknown>): StepOutcome {
  const output: StepSuccess = data === undefined ? { status: 'done' } : { status: 'done', data };

  return { kind: 'success', output };
}
