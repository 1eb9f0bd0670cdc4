import { setTimeout as delay } from 'node:timers/promises';
import { StepAborted } from './errors.js';

/** Waits `ms`, or throws `StepAborted` as soon as `signal` is aborted. */
export async function sleepUnlessAborted(ms: number, signal: AbortSignal): Promise<void> {
  try {
    await delay(Math.max(0, ms), undefined, { signal });
  } catch (error) {
    if (!signal.aborted) throw error;
    throw signal.reason instanceof StepAborted ? signal.reason : new StepAborted('relay_stopping');
  }
}

/** Waits `ms`, resolving early (without an error) when `signal` is aborted. */
export async function sleepOrAbort(ms: number, signal: AbortSignal): Promise<void> {
  await delay(Math.max(0, ms), undefined, { signal }).catch(() => undefined);
}
