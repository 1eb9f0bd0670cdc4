import type { StepName } from '../contracts/step-message.js';
import { RETRYABLE_RELAY_ERRORS } from '../contracts/step-result.js';
import type { Retrier } from './asl.js';

/** The placeholder CDK's `definitionSubstitutions` (and the local runner) replace. */
// biome-ignore lint/suspicious/noTemplateCurlyInString: a CDK substitution placeholder, kept literally
export const STEPS_FUNCTION_RESOURCE = '${StepsFunctionArn}';

/** The names of every `${...}` placeholder in the ASL files. */
export const SUBSTITUTION_NAMES = ['StepsFunctionArn'] as const;
export type SubstitutionName = (typeof SUBSTITUTION_NAMES)[number];

/** The Task resource of every relay step: an SQS message that waits for its task token. */
export const RELAY_RESOURCE = 'arn:aws:states:::sqs:sendMessage.waitForTaskToken';

/**
 * How long a relay step may take before Step Functions gives up on it (Astute's values: reboot
 * 15 min, provisioning and Puppet 90 min, everything else 5 min).
 */
export const RELAY_TIMEOUT_SECONDS: Record<StepName, number> = {
  'cobbler.upsert_system': 300,
  'cobbler.sync': 300,
  'cobbler.set_netboot': 300,
  'cobbler.remove_system': 300,
  'node.reboot': 900,
  'node.wait_provisioned': 5400,
  'node.upload_file': 300,
  'node.puppetsync': 300,
  'node.puppet_apply': 5400,
  'node.erase': 300,
  'node.stop_puppet': 300,
};

/** Steps this long are not retried on `States.Timeout`: a second wait would double hours. */
export const LONG_STEP_SECONDS = 900;

/**
 * A relay sends `SendTaskHeartbeat` at least every 20 s while a step runs; after 60 s of silence
 * the step fails with `States.HeartbeatTimeout` (a `States.Timeout`), so a dead relay is noticed
 * in a minute rather than after the step's whole timeout.
 */
export const HEARTBEAT_SECONDS = 60;

/**
 * The budget `node.wait_provisioned` gives the relay: one heartbeat short of the state's own
 * timeout, so the relay reports Astute's "Timeout of provisioning is exceeded" itself.
 */
export const WAIT_PROVISIONED_BUDGET_SECONDS =
  RELAY_TIMEOUT_SECONDS['node.wait_provisioned'] - HEARTBEAT_SECONDS;

/** Lambda steps read and write PostgreSQL only; two minutes is generous. */
export const LAMBDA_TIMEOUT_SECONDS = 120;

/** Transient failures of the Lambda service itself, which AWS advises retrying. */
export const LAMBDA_RETRY: Retrier = {
  ErrorEquals: [
    'Lambda.ServiceException',
    'Lambda.AWSLambdaException',
    'Lambda.SdkClientException',
    'Lambda.TooManyRequestsException',
  ],
  IntervalSeconds: 2,
  MaxAttempts: 6,
  BackoffRate: 2,
};

/** Cobbler or MCollective briefly away: 10 s, 20 s, 40 s (Astute retried `sync` after 10 s). */
export const RELAY_RETRY: Retrier = {
  ErrorEquals: [...RETRYABLE_RELAY_ERRORS],
  IntervalSeconds: 10,
  MaxAttempts: 3,
  BackoffRate: 2,
};

/** A short step that timed out (or lost its heartbeat) is tried once more. */
export const TIMEOUT_RETRY: Retrier = {
  ErrorEquals: ['States.Timeout'],
  IntervalSeconds: 5,
  MaxAttempts: 1,
  BackoffRate: 1,
};

/** Every error: the catch-all of per-node chains and of the top level. */
export const ALL_ERRORS = 'States.ALL';
