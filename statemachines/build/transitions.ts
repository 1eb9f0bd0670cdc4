import type { Catcher, Transition } from './asl.js';
import { ALL_ERRORS } from './policy.js';

/** Go on to `state`. */
export function next(state: string): Transition {
  return { Next: state };
}

/** End the (sub)machine here. */
export const END: Transition = { End: true };

/**
 * Catches every error into `state`, keeping the state's input and adding `$.error`
 * (`{Error, Cause}`), which the failure steps read.
 */
export function catchAll(state: string): Catcher[] {
  return [{ ErrorEquals: [ALL_ERRORS], ResultPath: '$.error', Next: state }];
}
