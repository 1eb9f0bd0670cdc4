/**
 * The one place where a step's error becomes the contract's failure: retryable driver errors
 * (Cobbler or MCollective unreachable, a call timed out) become `Relay.Unavailable` or
 * `Relay.Timeout`, which the state machines retry; everything else is terminal for the node.
 */
import {
  encodeCause,
  type NodeErrorType,
  RELAY_ERRORS,
  type RelayErrorName,
  type StepName,
} from '../../../statemachines/contracts/index.js';
import { CobblerError, CobblerTimeout } from '../drivers/cobbler/index.js';
import { McoError, McoNoResponse } from '../drivers/mcollective/index.js';
import { RelayStepError } from '../errors.js';
import type { StepOutcome } from '../outcome.js';

/** Longest message kept in a cause: the operator reads one line, not a dump. */
const MAX_MESSAGE_LENGTH = 2_000;

/**
 * The `error_type` a failed step leaves on its node when the step alone tells it; steps that
 * run in several phases (erase, Cobbler removal) leave it to the phase.
 */
const ERROR_TYPE_OF_STEP: Partial<Record<StepName, NodeErrorType>> = {
  'cobbler.upsert_system': 'provision',
  'cobbler.set_netboot': 'provision',
  'node.reboot': 'provision',
  'node.wait_provisioned': 'provision',
  'node.upload_file': 'deploy',
  'node.puppetsync': 'deploy',
  'node.puppet_apply': 'deploy',
  'node.stop_puppet': 'stop_deployment',
};

interface Classified {
  error: RelayErrorName;
  message: string;
  errorType?: NodeErrorType;
}

/** The failure outcome of `step` for `error`. */
export function failureOutcome(error: unknown, step: StepName | undefined): StepOutcome {
  const classified = classify(error);
  const errorType =
    classified.errorType ?? (step === undefined ? undefined : ERROR_TYPE_OF_STEP[step]);
  const cause = encodeCause({
    message: oneLine(classified.message),
    ...(errorType === undefined || classified.error === RELAY_ERRORS.invalidStep
      ? {}
      : { error_type: errorType }),
  });

  return { kind: 'failure', error: classified.error, cause };
}

function classify(error: unknown): Classified {
  if (error instanceof RelayStepError) {
    return {
      error: error.error,
      message: error.message,
      ...(error.errorType === undefined ? {} : { errorType: error.errorType }),
    };
  }
  if (error instanceof CobblerTimeout)
    return { error: RELAY_ERRORS.timeout, message: error.message };
  if (error instanceof CobblerError) {
    const name = error.retryable ? RELAY_ERRORS.unavailable : RELAY_ERRORS.stepFailed;
    return { error: name, message: error.message };
  }
  // The driver already asked a silent node again, as Astute did (10 times, 1 s apart): a node
  // still silent is down or unreachable, which waiting for the state machine's retry won't fix.
  if (error instanceof McoNoResponse) {
    return { error: RELAY_ERRORS.nodeUnreachable, message: error.message };
  }
  if (error instanceof McoError) {
    const name = error.retryable ? RELAY_ERRORS.unavailable : RELAY_ERRORS.stepFailed;
    return { error: name, message: error.message };
  }
  const message = error instanceof Error ? error.message : String(error);

  return { error: RELAY_ERRORS.stepFailed, message: `Relay error: ${message}` };
}

/** The first line of `text`, trimmed and bounded; never empty. */
function oneLine(text: string): string {
  const line = text.trim().split('\n')[0]?.trim() ?? '';
  if (line === '') return 'Unknown error';

  return line.length > MAX_MESSAGE_LENGTH ? `${line.slice(0, MAX_MESSAGE_LENGTH - 1)}…` : line;
}
