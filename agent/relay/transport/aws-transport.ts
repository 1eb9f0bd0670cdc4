import {
  SendTaskFailureCommand,
  SendTaskHeartbeatCommand,
  SendTaskSuccessCommand,
  SFNClient,
} from '@aws-sdk/client-sfn';
import {
  ChangeMessageVisibilityCommand,
  DeleteMessageCommand,
  type Message,
  ReceiveMessageCommand,
  SQSClient,
} from '@aws-sdk/client-sqs';
import type { ReceivedMessage, ReceiveOptions, StepTransport } from './step-transport.js';
import { asTokenClosed } from './task-token-closed.js';

/** Step Functions refuses longer `error` and `cause` strings with a ValidationException. */
const MAX_ERROR_LENGTH = 256;
const MAX_CAUSE_LENGTH = 32_768;

/** Where the AWS transport connects; endpoints only for LocalStack or a test double. */
export interface AwsTransportOptions {
  /** The site's queue, the one its state machine steps are sent to. */
  queueUrl: string;
  region?: string;
  /** Another SQS endpoint (LocalStack, a test double); AWS's when absent. */
  sqsEndpoint?: string;
  /** Another Step Functions endpoint; AWS's when absent. */
  sfnEndpoint?: string;
  credentials?: { accessKeyId: string; secretAccessKey: string; sessionToken?: string };
  /** How many times the SDK tries a call; its default when absent. */
  maxAttempts?: number;
}

/** The relay's transport on SQS (site queue) and Step Functions (task tokens). */
export function createAwsTransport(options: AwsTransportOptions): StepTransport {
  const { sqs, sfn } = createClients(options);
  const QueueUrl = options.queueUrl;

  return {
    receive: (receive) => receiveMessages(sqs, QueueUrl, receive),
    async delete(receiptHandle) {
      await sqs.send(new DeleteMessageCommand({ QueueUrl, ReceiptHandle: receiptHandle }));
    },
    async extendVisibility(receiptHandle, seconds) {
      const ReceiptHandle = receiptHandle;
      await sqs.send(
        new ChangeMessageVisibilityCommand({ QueueUrl, ReceiptHandle, VisibilityTimeout: seconds }),
      );
    },
    sendTaskSuccess: (taskToken, output) =>
      answer(sfn, new SendTaskSuccessCommand({ taskToken, output: JSON.stringify(output) })),
    sendTaskFailure: (taskToken, error, cause) =>
      answer(
        sfn,
        new SendTaskFailureCommand({
          taskToken,
          error: error.slice(0, MAX_ERROR_LENGTH),
          cause: cause.slice(0, MAX_CAUSE_LENGTH),
        }),
      ),
    sendTaskHeartbeat: (taskToken) => answer(sfn, new SendTaskHeartbeatCommand({ taskToken })),
  };
}

function createClients(options: AwsTransportOptions): { sqs: SQSClient; sfn: SFNClient } {
  const common = {
    region: options.region,
    credentials: options.credentials,
    maxAttempts: options.maxAttempts,
  };
  // With a custom endpoint the SDK would otherwise send to the queue URL's host, which for a
  // real-looking URL is AWS itself.
  const sqsEndpoint = options.sqsEndpoint
    ? { endpoint: options.sqsEndpoint, useQueueUrlAsEndpoint: false }
    : {};

  return {
    sqs: new SQSClient({ ...common, ...sqsEndpoint }),
    sfn: new SFNClient({ ...common, endpoint: options.sfnEndpoint }),
  };
}

async function receiveMessages(
  sqs: SQSClient,
  queueUrl: string,
  options: ReceiveOptions,
): Promise<ReceivedMessage[]> {
  const command = new ReceiveMessageCommand({
    QueueUrl: queueUrl,
    MaxNumberOfMessages: options.max,
    WaitTimeSeconds: options.waitSeconds,
    VisibilityTimeout: options.visibilityTimeoutSeconds,
    MessageSystemAttributeNames: ['ApproximateReceiveCount'],
  });
  try {
    const received = await sqs.send(command, { abortSignal: options.signal });
    return (received.Messages ?? []).flatMap(toReceived);
  } catch (error) {
    if (options.signal?.aborted) return [];
    throw error;
  }
}

function toReceived(message: Message): ReceivedMessage[] {
  if (!message.MessageId || !message.ReceiptHandle || message.Body === undefined) return [];
  return [
    {
      messageId: message.MessageId,
      receiptHandle: message.ReceiptHandle,
      body: message.Body,
      receiveCount: Number(message.Attributes?.ApproximateReceiveCount ?? 1),
    },
  ];
}

type TaskAnswer = SendTaskSuccessCommand | SendTaskFailureCommand | SendTaskHeartbeatCommand;

async function answer(sfn: SFNClient, command: TaskAnswer): Promise<void> {
  try {
    // The union defeats the overloads of `send`; each member is a command of this client.
    await sfn.send(command as SendTaskSuccessCommand);
  } catch (error) {
    throw asTokenClosed(error);
  }
}
