import { isDeepStrictEqual } from 'node:util';
import {
  EXECUTOR_ERRORS,
  type ExecutionDescription,
  ExecutorError,
  type StartExecutionRequest,
} from '../../../functions/core/orchestration/executor.js';
import type { ExecutionRecord } from './ledger.js';

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

/** The record of an execution that starts now. */
export function newRecord(
  id: string,
  request: StartExecutionRequest,
  input: object,
  now: Date,
): ExecutionRecord {
  const taskUuid: unknown = (input as { task_uuid?: unknown }).task_uuid;

  return {
    id,
    machine: request.machine,
    name: request.name,
    taskUuid: typeof taskUuid === 'string' && UUID.test(taskUuid) ? taskUuid : null,
    input,
    status: 'RUNNING',
    error: null,
    cause: null,
    startedAt: now,
    stoppedAt: null,
    redriveCount: 0,
  };
}

/** Throws `ExecutionAlreadyExists` unless `input` is the input the execution started with. */
export function sameInput(record: ExecutionRecord, input: object): void {
  if (isDeepStrictEqual(record.input, input)) return;
  throw new ExecutorError(
    EXECUTOR_ERRORS.alreadyExists,
    `Execution ${record.id} already exists with another input`,
  );
}

/** What `describe` answers for a record. */
export function describeRecord(record: ExecutionRecord): ExecutionDescription {
  return {
    status: record.status,
    ...(record.error === null ? {} : { error: record.error }),
    ...(record.cause === null ? {} : { cause: record.cause }),
  };
}
