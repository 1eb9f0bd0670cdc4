/**
 * Answering a step's task token and deleting its message, each tried again with backoff while
 * Step Functions or SQS cannot be reached. A closed token ends the answering: the execution
 * moved on, and the message is deleted all the same.
 */
import { type BackoffPolicy, backoffDelay } from '../backoff.js';
import type { RelayLogger } from '../logger.js';
import type { StepOutcome } from '../outcome.js';
import { sleepOrAbort } from '../sleep.js';
import type { StepTransport } from '../transport/step-transport.js';
import { TaskTokenClosed } from '../transport/task-token-closed.js';

/** How hard to try. */
export interface AnswerSettings {
  /** Attempts at answering before leaving the message to its next delivery. */
  attempts: number;
  backoff: BackoffPolicy;
  /** Ends the attempts (the relay is stopping). */
  signal: AbortSignal;
  logger: RelayLogger;
}

/** What became of an answer. */
export type AnswerResult = 'answered' | 'closed' | 'gave_up' | 'aborted';

/** Sends `outcome` for `taskToken`. */
export async function answerStep(
  transport: StepTransport,
  taskToken: string,
  outcome: StepOutcome,
  settings: AnswerSettings,
): Promise<AnswerResult> {
  for (let attempt = 1; ; attempt += 1) {
    if (settings.signal.aborted) return 'aborted';
    try {
      if (outcome.kind === 'success') await transport.sendTaskSuccess(taskToken, outcome.output);
      else await transport.sendTaskFailure(taskToken, outcome.error, outcome.cause);
      return 'answered';
    } catch (error) {
      if (error instanceof TaskTokenClosed) return 'closed';
      if (attempt >= settings.attempts) {
        settings.logger.error('step answer not sent, left for redelivery', { error, attempt });
        return 'gave_up';
      }
      settings.logger.warn('step answer not sent, trying again', { error, attempt });
      await sleepOrAbort(backoffDelay(settings.backoff, attempt), settings.signal);
    }
  }
}

/** Deletes the message of this delivery; a failure leaves it to come back and be re-answered. */
export async function deleteMessage(
  transport: StepTransport,
  receiptHandle: string,
  settings: AnswerSettings,
): Promise<boolean> {
  for (let attempt = 1; ; attempt += 1) {
    if (settings.signal.aborted) return false;
    try {
      await transport.delete(receiptHandle);
      return true;
    } catch (error) {
      if (attempt >= settings.attempts) {
        settings.logger.error('message not deleted, left for redelivery', { error, attempt });
        return false;
      }
      settings.logger.warn('message not deleted, trying again', { error, attempt });
      await sleepOrAbort(backoffDelay(settings.backoff, attempt), settings.signal);
    }
  }
}
