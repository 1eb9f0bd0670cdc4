import { z } from 'zod';

/**
 * What a relay sends with `SendTaskSuccess` when a step is done. `data` carries step-specific
 * facts worth keeping in the execution history (for example the node's new boot time).
 */
export const StepSuccessSchema = z.object({
  status: z.literal('done'),
  data: z.record(z.string(), z.unknown()).optional(),
});
export type StepSuccess = z.infer<typeof StepSuccessSchema>;

/**
 * The `error` names a relay sends with `SendTaskFailure`. The state machines retry the retryable
 * ones (see `RETRYABLE_RELAY_ERRORS`) and catch every other one into a per-node failure.
 */
export const RELAY_ERRORS = {
  /** Cobbler or MCollective could not be reached; trying again later may work. */
  unavailable: 'Relay.Unavailable',
  /** A call to Cobbler or MCollective timed out; trying again later may work. */
  timeout: 'Relay.Timeout',
  /** The step ran and failed (a Cobbler fault, a non-zero exit code). */
  stepFailed: 'Relay.StepFailed',
  /** The node did not answer MCollective, retries included. */
  nodeUnreachable: 'Relay.NodeUnreachable',
  /** Puppet finished with failed resources, or did not finish in time. */
  puppetFailed: 'Relay.PuppetFailed',
  /** The node did not come up as a provisioned system in time, or came up wrong. */
  provisionFailed: 'Relay.ProvisionFailed',
  /** The message is not a valid step of this contract version. */
  invalidStep: 'Relay.InvalidStep',
} as const;
export type RelayErrorName = (typeof RELAY_ERRORS)[keyof typeof RELAY_ERRORS];

/** Every relay error name. */
export const RELAY_ERROR_NAMES = Object.values(RELAY_ERRORS) as [
  RelayErrorName,
  ...RelayErrorName[],
];

/** The relay errors after which the same step is tried again, with backoff. */
export const RETRYABLE_RELAY_ERRORS = [
  RELAY_ERRORS.unavailable,
  RELAY_ERRORS.timeout,
] as const satisfies readonly RelayErrorName[];

/** Whether a failure named `name` is worth retrying (only the relay's retryable errors are). */
export function isRetryable(name: string): boolean {
  return (RETRYABLE_RELAY_ERRORS as readonly string[]).includes(name);
}

/** Nailgun's `error_type` values a failed step can leave on its node. */
export const NODE_ERROR_TYPES = ['provision', 'deploy', 'deletion', 'stop_deployment'] as const;
export type NodeErrorType = (typeof NODE_ERROR_TYPES)[number];

/**
 * The `cause` of a relay failure, sent as a JSON string: a one-line message for the operator
 * and, when the failure is the node's own, the `error_type` to record on it.
 */
export const StepFailureCauseSchema = z.object({
  error_type: z.enum(NODE_ERROR_TYPES).optional(),
  message: z.string().min(1),
});
export type StepFailureCause = z.infer<typeof StepFailureCauseSchema>;

/** Step Functions' limits on `SendTaskFailure`: 256 characters of error, 32,768 of cause. */
export const SEND_TASK_FAILURE_LIMITS = { error: 256, cause: 32_768 } as const;

/** The two arguments of `SendTaskFailure` as a relay sends them. */
export const StepFailureSchema = z.object({
  error: z.enum(RELAY_ERROR_NAMES),
  cause: z.string().max(SEND_TASK_FAILURE_LIMITS.cause),
});
export type StepFailure = z.infer<typeof StepFailureSchema>;

/** Encodes a failure cause for `SendTaskFailure`. */
export function encodeCause(cause: StepFailureCause): string {
  return JSON.stringify(StepFailureCauseSchema.parse(cause));
}

/**
 * Reads a failure cause. Causes that are not ours (a `States.Timeout`, a Lambda error's JSON,
 * a Fail state's text) become `{message}` with the text as it came, so nothing is lost.
 */
export function decodeCause(text: string): StepFailureCause {
  try {
    const parsed = StepFailureCauseSchema.safeParse(JSON.parse(text));
    if (parsed.success) return parsed.data;
  } catch {
    // Not JSON: a plain-text cause, kept as the message below.
  }

  return { message: text.trim() === '' ? 'Unknown error' : text };
}
