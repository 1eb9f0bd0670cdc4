/** Retrying an operation a fixed number of times with a fixed pause, as Astute did. */
import { setTimeout as sleep } from 'node:timers/promises';

/** When and how often to try again. */
export interface RetryPolicy {
  /** Further attempts after the first one. */
  retries: number;
  delayMs: number;
  shouldRetry(error: unknown): boolean;
  /** Called before each pause, with the attempt (1-based) that failed. */
  onRetry?(error: unknown, attempt: number): void;
}

/** Runs `operation` until it succeeds, a failure is not retryable, or the retries run out. */
export async function withRetries<T>(operation: () => Promise<T>, policy: RetryPolicy): Promise<T> {
  for (let attempt = 1; ; attempt += 1) {
    try {
      return await operation();
    } catch (error) {
      if (attempt > policy.retries || !policy.shouldRetry(error)) throw error;
      policy.onRetry?.(error, attempt);
      await sleep(policy.delayMs);
    }
  }
}

export { sleep };
