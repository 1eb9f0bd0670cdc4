/**
 * The relay's own failures. A step throws `RelayStepError` when it knows the contract's name
 * for what went wrong (a failed Puppet run, a provisioning timeout); the drivers' named errors
 * are mapped by `steps/failure.ts`. `StepAborted` ends a step the relay no longer answers.
 */
import type { NodeErrorType, RelayErrorName } from '../../statemachines/contracts/index.js';

/** A step failed for a reason the contract names. */
export class RelayStepError extends Error {
  /** One of `RELAY_ERRORS`: the `error` of `SendTaskFailure`. */
  readonly error: RelayErrorName;
  /** The `error_type` to record on the node, when the step knows it better than its phase. */
  readonly errorType: NodeErrorType | undefined;

  constructor(
    error: RelayErrorName,
    message: string,
    options: { errorType?: NodeErrorType; cause?: unknown } = {},
  ) {
    super(message, options.cause === undefined ? undefined : { cause: options.cause });
    this.name = 'RelayStepError';
    this.error = error;
    this.errorType = options.errorType;
  }
}

/** Why a running step was stopped before it ended. */
export const ABORT_REASONS = ['relay_stopping', 'token_closed'] as const;
export type AbortReason = (typeof ABORT_REASONS)[number];

/** The step was stopped: the relay shuts down, or its task token closed meanwhile. */
export class StepAborted extends Error {
  readonly reason: AbortReason;

  constructor(reason: AbortReason) {
    super(`The step was aborted (${reason})`);
    this.name = 'StepAborted';
    this.reason = reason;
  }
}

/** Throws `StepAborted` when `signal` is aborted; the reason is the signal's when it is one. */
export function throwIfAborted(signal: AbortSignal): void {
  if (!signal.aborted) return;
  throw signal.reason instanceof StepAborted ? signal.reason : new StepAborted('relay_stopping');
}
