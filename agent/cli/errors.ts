import { EXIT_CODES, type ExitCode } from './exit-codes.js';

/** A failure the CLI reports as one line on stderr, ending with `exitCode`. */
export class CliError extends Error {
  readonly exitCode: ExitCode;
  /** The HTTP status when the API refused the request. */
  readonly status: number | undefined;

  constructor(
    message: string,
    exitCode: ExitCode,
    options: { cause?: unknown; status?: number } = {},
  ) {
    super(message, options.cause === undefined ? undefined : { cause: options.cause });
    this.name = 'CliError';
    this.exitCode = exitCode;
    this.status = options.status;
  }
}

/** A wrong command line: the message, then how the command is used. */
export function usageError(message: string, usage?: string): CliError {
  return new CliError(usage ? `${message}\n${usage}` : message, EXIT_CODES.usage);
}

/** True for the error fetch and timers throw when their signal aborts. */
export function isAbortError(error: unknown): boolean {
  return error instanceof Error && (error.name === 'AbortError' || error.name === 'TimeoutError');
}
