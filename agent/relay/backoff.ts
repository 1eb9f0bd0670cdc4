/** Exponential backoff with jitter, for reconnecting to a service that went away. */

/** How waits grow between attempts. */
export interface BackoffPolicy {
  /** Wait before the second attempt. */
  initialMs: number;
  /** No wait is longer. */
  maxMs: number;
  /** Growth per attempt; 2 by default. */
  factor?: number;
}

/**
 * The wait before attempt `attempt + 1` (attempt counts from 1), give or take a fifth so that
 * many relays do not knock on a recovering service at the same instant.
 */
export function backoffDelay(policy: BackoffPolicy, attempt: number): number {
  const base = policy.initialMs * (policy.factor ?? 2) ** Math.max(0, attempt - 1);
  const capped = Math.min(policy.maxMs, base);
  const jitter = 1 + (Math.random() - 0.5) * 0.4;

  return Math.round(Math.min(policy.maxMs, capped * jitter));
}
