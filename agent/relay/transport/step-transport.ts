/**
 * How the relay reaches its site queue and answers the task tokens of the steps it runs. SQS and
 * Step Functions in AWS (`aws-transport.ts`); the embedded runtime's local queue otherwise.
 */

/** One step message taken from the site queue, invisible to others until deleted or expired. */
export interface ReceivedMessage {
  messageId: string;
  /** Valid for this delivery only: a redelivery of the same message has a new one. */
  receiptHandle: string;
  body: string;
  /** How many times the message has been delivered, this delivery included. */
  receiveCount: number;
}

/** How one long poll of the site queue behaves. */
export interface ReceiveOptions {
  /** At most this many messages (1–10). */
  max: number;
  /** Long poll: wait up to this long for a first message (0–20). */
  waitSeconds: number;
  /** How long the messages stay hidden from other receivers. */
  visibilityTimeoutSeconds: number;
  /** Ends the wait early with no messages (shutdown). */
  signal?: AbortSignal;
}

/** One site queue and the task tokens of its steps. */
export interface StepTransport {
  receive(options: ReceiveOptions): Promise<ReceivedMessage[]>;
  delete(receiptHandle: string): Promise<void>;
  /** Keeps a message in hand while its step runs longer than the visibility timeout. */
  extendVisibility(receiptHandle: string, seconds: number): Promise<void>;
  /** Throws `TaskTokenClosed` when the step was already answered, stopped or timed out. */
  sendTaskSuccess(taskToken: string, output: object): Promise<void>;
  /** Throws `TaskTokenClosed` when the step was already answered, stopped or timed out. */
  sendTaskFailure(taskToken: string, error: string, cause: string): Promise<void>;
  /** Throws `TaskTokenClosed` when the step was already answered, stopped or timed out. */
  sendTaskHeartbeat(taskToken: string): Promise<void>;
}
