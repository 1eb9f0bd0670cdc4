/** Why a run of the agent failed, as a stable token for logs and exit handling. */
export const FAILURE_REASONS = [
  'connection_refused',
  'timeout',
  'network_error',
  'http_status',
  'bad_response',
  'internal_error',
] as const;

/** One of `FAILURE_REASONS`. */
export type FailureReason = (typeof FAILURE_REASONS)[number];

/**
 * A failed exchange with Nailgun: a reason token plus a one-line message. Every reason is
 * retried by the next run (cron or timer a minute later), as the stock agent relied on.
 */
export class AgentError extends Error {
  override readonly name = 'AgentError';
  readonly reason: FailureReason;

  constructor(reason: FailureReason, message: string, options?: { cause?: unknown }) {
    super(message, options);
    this.reason = reason;
  }
}
