/**
 * How a failed task reaches the state machine runtime: its `name` is the ASL error name that
 * `Retry` and `Catch` match with `ErrorEquals`, its `message` becomes the `Cause`.
 */
export class TaskFailure extends Error {
  /** Read by aws-local-stepfunctions: a terminal failure is neither retried nor caught. */
  readonly isRetryable: boolean;
  readonly isCatchable: boolean;

  constructor(name: string, cause: string, options: { terminal?: boolean } = {}) {
    super(cause);
    this.name = name;
    this.isRetryable = !options.terminal;
    this.isCatchable = !options.terminal;
  }
}
