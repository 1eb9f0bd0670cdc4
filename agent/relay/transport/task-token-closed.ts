/**
 * The task token no longer waits for an answer: the step was answered already, its execution
 * was stopped, or it timed out. The relay drops the message; answering again cannot help.
 */
export class TaskTokenClosed extends Error {
  override readonly name = 'TaskTokenClosed';

  constructor(message: string, options?: { cause?: unknown }) {
    super(message, options);
  }
}

/** The service's error names that all mean "this token is closed". */
export const CLOSED_TOKEN_ERRORS: readonly string[] = [
  'TaskTimedOut',
  'TaskDoesNotExist',
  'InvalidToken',
];

/** `error` as `TaskTokenClosed` when its name says the token is closed, else unchanged. */
export function asTokenClosed(error: unknown): unknown {
  if (!(error instanceof Error) || !CLOSED_TOKEN_ERRORS.includes(error.name)) return error;
  return new TaskTokenClosed(`${error.name}: ${error.message}`, { cause: error });
}
