/**
 * One delivery of one message, from reading it to deleting it: answered from the journal when
 * the step already finished, otherwise run under a keep-alive; the outcome is journaled, then
 * answered, then the message is deleted. A relay that dies anywhere in between leaves the
 * message to come back after its visibility timeout, and the journal keeps the step from
 * being applied twice once it finished.
 */
import { RELAY_ERRORS, type StepMessage } from '../../../statemachines/contracts/index.js';
import { RelayStepError, StepAborted } from '../errors.js';
import type { StepJournal } from '../idempotency.js';
import type { RelayLogger } from '../logger.js';
import type { StepOutcome } from '../outcome.js';
import type { StepRun } from '../steps/context.js';
import { failureOutcome } from '../steps/failure.js';
import type { ReceivedMessage, StepTransport } from '../transport/step-transport.js';
import { type AnswerSettings, answerStep, deleteMessage } from './answer.js';
import { type KeepAliveSettings, startKeepAlive } from './keep-alive.js';
import { idsOf, parseStepMessage } from './parse-message.js';

/** Runs a valid step; rejects only with `StepAborted`. */
export type StepHandler = (message: StepMessage, run: StepRun) => Promise<StepOutcome>;

/** What every delivery shares. */
export interface DeliveryDeps {
  transport: StepTransport;
  journal: StepJournal;
  handle: StepHandler;
  logger: RelayLogger;
  keepAlive: KeepAliveSettings;
  answer: Omit<AnswerSettings, 'logger'>;
}

/**
 * Handles one received message to its end; never rejects. A failure of the relay itself (the
 * journal cannot be written) leaves the message to come back after its visibility timeout.
 */
export async function handleDelivery(deps: DeliveryDeps, message: ReceivedMessage): Promise<void> {
  try {
    await deliver(deps, message);
  } catch (error) {
    deps.logger.error('delivery failed, left for redelivery', {
      message_id: message.messageId,
      error,
    });
  }
}

async function deliver(deps: DeliveryDeps, message: ReceivedMessage): Promise<void> {
  const parsed = parseStepMessage(message.body);
  const base = { message_id: message.messageId, receive_count: message.receiveCount };
  if (parsed.kind === 'unreadable') {
    deps.logger.warn('message dropped, no step in it', { ...base, reason: parsed.reason });
    await deleteMessage(deps.transport, message.receiptHandle, answerSettings(deps, deps.logger));
    return;
  }
  if (parsed.kind === 'invalid') {
    const logger = deps.logger.child({ ...base, ...parsed.ids });
    logger.warn('invalid step refused', { reason: parsed.reason });
    const refusal = new RelayStepError(RELAY_ERRORS.invalidStep, parsed.reason);
    await conclude(deps, message, parsed.taskToken, failureOutcome(refusal, undefined), logger);
    return;
  }
  const step = parsed.message;
  const logger = deps.logger.child({ ...base, ...idsOf(step) });
  const recorded = deps.journal.find(step.task_token);
  if (recorded !== undefined) {
    logger.info('step answered from journal', { outcome: recorded.kind });
    await conclude(deps, message, step.task_token, recorded, logger);
    return;
  }
  await runAndConclude(deps, message, step, logger);
}

async function runAndConclude(
  deps: DeliveryDeps,
  message: ReceivedMessage,
  step: StepMessage,
  logger: RelayLogger,
): Promise<void> {
  const controller = new AbortController();
  const keepAlive = startKeepAlive(
    deps.transport,
    { taskToken: step.task_token, receiptHandle: message.receiptHandle },
    deps.keepAlive,
    { logger, onClosed: () => controller.abort(new StepAborted('token_closed')) },
  );
  // A stopped relay neither renews nor answers: its message must come back to another one.
  const relaySignal = deps.answer.signal;
  const onRelayAbort = () => {
    keepAlive.stop();
    controller.abort(new StepAborted('relay_stopping'));
  };
  relaySignal.addEventListener('abort', onRelayAbort, { once: true });
  if (relaySignal.aborted) onRelayAbort();
  try {
    logger.info('step started');
    const run = { signal: controller.signal, receiveCount: message.receiveCount, logger };
    const outcome = await runGuarded(deps.handle, step, run);
    if (outcome === undefined) return abandon(deps, message, controller.signal, logger);
    await deps.journal.record(step.task_token, outcome);
    await conclude(deps, message, step.task_token, outcome, logger);
  } finally {
    keepAlive.stop();
    relaySignal.removeEventListener('abort', onRelayAbort);
  }
}

/** The step's outcome, or undefined when it was aborted; a bug in a step is its failure. */
async function runGuarded(
  handle: StepHandler,
  step: StepMessage,
  run: StepRun,
): Promise<StepOutcome | undefined> {
  try {
    const outcome = await handle(step, run);
    return run.signal.aborted ? undefined : outcome;
  } catch (error) {
    if (run.signal.aborted || error instanceof StepAborted) return undefined;
    run.logger.error('step crashed', { error });
    return failureOutcome(error, step.step);
  }
}

/** An aborted step: dropped when its token closed, left for redelivery when the relay stops. */
async function abandon(
  deps: DeliveryDeps,
  message: ReceivedMessage,
  signal: AbortSignal,
  logger: RelayLogger,
): Promise<void> {
  const reason = signal.reason instanceof StepAborted ? signal.reason.reason : 'relay_stopping';
  if (reason === 'relay_stopping') {
    logger.warn('step abandoned, left for redelivery');
    return;
  }
  logger.warn('step dropped, its task token closed');
  await deleteMessage(deps.transport, message.receiptHandle, answerSettings(deps, logger));
}

/** Answers the token, then deletes the message unless the answer could not be sent. */
async function conclude(
  deps: DeliveryDeps,
  message: ReceivedMessage,
  taskToken: string,
  outcome: StepOutcome,
  logger: RelayLogger,
): Promise<void> {
  const settings = answerSettings(deps, logger);
  const result = await answerStep(deps.transport, taskToken, outcome, settings);
  if (result === 'gave_up' || result === 'aborted') return;
  if (result === 'closed') logger.warn('task token closed, answer dropped');
  else logger.debug('step answered', { outcome: outcome.kind });
  await deleteMessage(deps.transport, message.receiptHandle, settings);
}

function answerSettings(deps: DeliveryDeps, logger: RelayLogger): AnswerSettings {
  return { ...deps.answer, logger };
}
