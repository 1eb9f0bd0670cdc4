import { createHash, randomUUID } from 'node:crypto';
import type { LocalQueue } from '../queue/local-queue.js';
import { TaskFailure } from '../queue/task-failure.js';
import type { TokenRegistry } from '../queue/token-registry.js';

/** Step Functions' largest state output. */
const MAX_OUTPUT_BYTES = 262_144;
/**
 * The token outlives the state's timeout by this much, so the library's own timer fails the
 * state first: its `States.Timeout` is the one `States.TaskFailed` is known not to match.
 */
const TOKEN_GRACE_SECONDS = 1;

/** Which Task state calls the local Lambda, and for which execution. */
export interface LambdaInvocation {
  executionId: string;
  stateName: string;
  /** The state's `Resource` after substitution (the function's ARN). */
  resource: string;
}

/** The in-process stand-in for the steps function: gets the payload, returns the result. */
export type LocalLambda = (payload: unknown, invocation: LambdaInvocation) => Promise<unknown>;

/**
 * Calls the local Lambda. A thrown error fails the state with the error's `name` as the ASL
 * error and, as Lambda does, `{"errorType", "errorMessage", "trace"}` as the cause.
 */
export async function invokeFunction(
  lambda: LocalLambda,
  payload: unknown,
  invocation: LambdaInvocation,
): Promise<unknown> {
  let result: unknown;
  try {
    result = await lambda(payload, invocation);
  } catch (error) {
    throw lambdaFailure(error);
  }

  return asStateOutput(result);
}

/** `sqs:sendMessage`: puts the message on its queue; the output is SQS's answer. */
export function sendMessage(queue: LocalQueue, input: unknown, sentinel: string): object {
  const { queueUrl, body } = messageOf(input, sentinel, '');
  const messageId = sendOrFail(queue, queueUrl, body);

  return { MessageId: messageId, MD5OfMessageBody: createHash('md5').update(body).digest('hex') };
}

/** How a relay step waits for its token. */
export interface WaitOptions {
  sentinel: string;
  group: string;
  heartbeatSeconds: number | undefined;
  timeoutSeconds: number | undefined;
}

/**
 * `sqs:sendMessage.waitForTaskToken`: puts the message on its queue with a fresh token in
 * place of the sentinel, then waits for the relay to answer that token.
 */
export async function sendAndWait(
  services: { queue: LocalQueue; tokens: TokenRegistry },
  input: unknown,
  options: WaitOptions,
): Promise<unknown> {
  const token = randomUUID();
  const { queueUrl, body } = messageOf(input, options.sentinel, token);
  // Registered before the message leaves, so that an instant answer finds the token.
  const answer = services.tokens.register(token, {
    group: options.group,
    heartbeatSeconds: options.heartbeatSeconds,
    timeoutSeconds:
      options.timeoutSeconds === undefined
        ? undefined
        : options.timeoutSeconds + TOKEN_GRACE_SECONDS,
  });
  try {
    sendOrFail(services.queue, queueUrl, body);
  } catch (error) {
    const failure = error instanceof Error ? error : new Error(String(error));
    services.tokens.fail(token, failure.name, failure.message);
  }

  return answer;
}

function messageOf(input: unknown, sentinel: string, token: string) {
  const params =
    typeof input === 'object' && input !== null ? (input as Record<string, unknown>) : {};
  const queueUrl = params.QueueUrl;
  if (typeof queueUrl !== 'string' || params.MessageBody === undefined) {
    throw new TaskFailure('States.Runtime', 'sqs:sendMessage needs QueueUrl and MessageBody');
  }
  const withToken = replaceAll(params.MessageBody, sentinel, token);
  const body = typeof withToken === 'string' ? withToken : JSON.stringify(withToken);

  return { queueUrl, body };
}

function sendOrFail(queue: LocalQueue, queueUrl: string, body: string): string {
  try {
    return queue.send(queueUrl, body);
  } catch (error) {
    const name = error instanceof Error ? error.name : 'Error';
    const message = error instanceof Error ? error.message : String(error);
    throw new TaskFailure(`SQS.${name}`, message);
  }
}

function replaceAll(value: unknown, sentinel: string, token: string): unknown {
  if (typeof value === 'string') return value.replaceAll(sentinel, token);
  if (Array.isArray(value)) return value.map((v) => replaceAll(v, sentinel, token));
  if (typeof value === 'object' && value !== null) {
    return Object.fromEntries(
      Object.entries(value).map(([k, v]) => [k, replaceAll(v, sentinel, token)]),
    );
  }

  return value;
}

function lambdaFailure(error: unknown): TaskFailure {
  const errorType = error instanceof Error ? error.name : 'Error';
  const errorMessage = error instanceof Error ? error.message : String(error);
  const trace = error instanceof Error ? (error.stack ?? '').split('\n') : [];

  return new TaskFailure(errorType, JSON.stringify({ errorType, errorMessage, trace }));
}

/** The result as JSON, as Lambda would hand it over; too large a result is a terminal error. */
function asStateOutput(result: unknown): unknown {
  const text = JSON.stringify(result) ?? 'null';
  if (Buffer.byteLength(text) > MAX_OUTPUT_BYTES) {
    throw new TaskFailure(
      'States.DataLimitExceeded',
      `The state output is larger than ${MAX_OUTPUT_BYTES} bytes`,
      { terminal: true },
    );
  }

  return JSON.parse(text);
}
