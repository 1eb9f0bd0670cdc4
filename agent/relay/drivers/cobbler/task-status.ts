/**
 * Waiting for a Cobbler background task: `get_task_status(event_id)` answers
 * `[statetime, name, state, read_by]`, the state going `notification` → `running` →
 * `complete` | `failed`. Astute polled every 5 s for up to 900 s.
 */
import type { CobblerClient } from './client.js';
import { CobblerError, CobblerProtocolError, CobblerTimeout } from './errors.js';
import type { CobblerLogger } from './logger.js';
import { sleep } from './retry.js';

/** The states of a Cobbler task. */
export const TASK_STATES = ['notification', 'running', 'complete', 'failed'] as const;
export type CobblerTaskState = (typeof TASK_STATES)[number];
export type FinishedTaskState = Extract<CobblerTaskState, 'complete' | 'failed'>;

/** How to wait. */
export interface TaskWaitOptions {
  intervalMs: number;
  timeoutMs: number;
  logger: CobblerLogger;
}

/**
 * Polls until the task ends and returns how it ended. A poll that fails for a retryable reason
 * (Cobbler briefly unreachable) is logged and the polling goes on until the deadline.
 */
export async function waitForTask(
  client: CobblerClient,
  eventId: string,
  options: TaskWaitOptions,
): Promise<FinishedTaskState> {
  const deadline = Date.now() + options.timeoutMs;
  for (;;) {
    const state = await pollOnce(client, eventId, options.logger);
    if (state === 'complete' || state === 'failed') return state;
    if (Date.now() + options.intervalMs > deadline) {
      throw new CobblerTimeout(
        'get_task_status',
        options.timeoutMs,
        `task ${eventId} not finished`,
      );
    }
    await sleep(options.intervalMs);
  }
}

async function pollOnce(
  client: CobblerClient,
  eventId: string,
  logger: CobblerLogger,
): Promise<CobblerTaskState | undefined> {
  try {
    return parseStatus(await client.call('get_task_status', [eventId]));
  } catch (error) {
    if (!(error instanceof CobblerError && error.retryable)) throw error;
    logger.warn('cobbler task poll failed', { event_id: eventId, error: error.message });
    return undefined;
  }
}

function parseStatus(status: unknown): CobblerTaskState {
  const state = Array.isArray(status) ? status[2] : undefined;
  if (!(TASK_STATES as readonly unknown[]).includes(state)) {
    throw new CobblerProtocolError(
      'get_task_status',
      `unknown task status ${JSON.stringify(status)}`,
    );
  }
  return state as CobblerTaskState;
}
