/**
 * Reading a message of the site queue. A message that is not a step of this contract still
 * gets an answer (`Relay.InvalidStep`) when its task token can be read, so its execution fails
 * at once instead of waiting for the step's timeout.
 */
import { type StepMessage, StepMessageSchema } from '../../../statemachines/contracts/index.js';

/** What a message body turned out to be. */
export type ParsedMessage =
  | { kind: 'step'; message: StepMessage }
  | { kind: 'invalid'; taskToken: string; reason: string; ids: Record<string, unknown> }
  | { kind: 'unreadable'; reason: string };

/** Parses a message body as a step message. */
export function parseStepMessage(body: string): ParsedMessage {
  let value: unknown;
  try {
    value = JSON.parse(body);
  } catch {
    return { kind: 'unreadable', reason: 'the body is not JSON' };
  }
  const parsed = StepMessageSchema.safeParse(value);
  if (parsed.success) return { kind: 'step', message: parsed.data };
  const record = isRecord(value) ? value : {};
  const token = record.task_token;
  if (typeof token !== 'string' || token === '') {
    return { kind: 'unreadable', reason: 'no task token' };
  }
  const issue = parsed.error.issues[0];
  const where = issue?.path.join('.') || 'message';
  const reason = `Invalid step message: ${where}: ${issue?.message ?? 'invalid'}`;

  return { kind: 'invalid', taskToken: token, reason, ids: idsOf(record) };
}

/** The ids of a message, for its log lines, as far as they can be read. */
export function idsOf(message: Record<string, unknown>): Record<string, unknown> {
  const ids: Record<string, unknown> = {};
  for (const key of ['correlation_id', 'task_uuid', 'cluster_id', 'node_id', 'step'] as const) {
    const value = message[key];
    if (typeof value === 'string' || typeof value === 'number') ids[key] = value;
  }

  return ids;
}

function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}
