import { createHash } from 'node:crypto';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { createAwsTransport } from '../../agent/relay/transport/aws-transport.js';
import type { StepTransport } from '../../agent/relay/transport/step-transport.js';
import { TaskTokenClosed } from '../../agent/relay/transport/task-token-closed.js';
import { type FakeAws, startFakeAws, TEST_CREDENTIALS } from './support/fake-aws.js';

// A real-looking URL: with `useQueueUrlAsEndpoint` left on, the SDK would call AWS itself.
const QUEUE_URL = 'https://sqs.eu-west-1.amazonaws.com/123456789012/fuel-site-1';

const md5 = (text: string) => createHash('md5').update(text).digest('hex');

let aws: FakeAws;
let transport: StepTransport;

beforeAll(async () => {
  aws = await startFakeAws();
  transport = createAwsTransport({
    queueUrl: QUEUE_URL,
    region: 'eu-west-1',
    sqsEndpoint: aws.url,
    sfnEndpoint: aws.url,
    credentials: TEST_CREDENTIALS,
    maxAttempts: 1,
  });
});

afterAll(async () => {
  await aws.close();
});

beforeEach(() => {
  aws.calls.length = 0;
});

describe('AWS transport: the site queue', () => {
  it('long-polls the queue with the receive options and maps the messages', async () => {
    const body = '{"step":"cobbler.sync"}';
    aws.on('AmazonSQS.ReceiveMessage', {
      body: {
        Messages: [
          {
            MessageId: 'm-1',
            ReceiptHandle: 'r-1',
            MD5OfBody: md5(body),
            Body: body,
            Attributes: { ApproximateReceiveCount: '3' },
          },
        ],
      },
    });

    const messages = await transport.receive({
      max: 5,
      waitSeconds: 20,
      visibilityTimeoutSeconds: 120,
    });

    expect(messages).toEqual([{ messageId: 'm-1', receiptHandle: 'r-1', body, receiveCount: 3 }]);
    expect(aws.calls).toEqual([
      {
        target: 'AmazonSQS.ReceiveMessage',
        contentType: 'application/x-amz-json-1.0',
        body: {
          QueueUrl: QUEUE_URL,
          MaxNumberOfMessages: 5,
          WaitTimeSeconds: 20,
          VisibilityTimeout: 120,
          MessageSystemAttributeNames: ['ApproximateReceiveCount'],
        },
      },
    ]);
  });

  it('answers an empty poll with no messages', async () => {
    aws.on('AmazonSQS.ReceiveMessage', { body: {} });

    const messages = await transport.receive({
      max: 1,
      waitSeconds: 1,
      visibilityTimeoutSeconds: 30,
    });

    expect(messages).toEqual([]);
  });

  it('ends a long poll early with no messages when its signal aborts', async () => {
    aws.on('AmazonSQS.ReceiveMessage', async () => {
      await new Promise((resolve) => setTimeout(resolve, 1000));
      return { body: {} };
    });
    const controller = new AbortController();
    const started = Date.now();

    setTimeout(() => controller.abort(), 50);
    const messages = await transport.receive({
      max: 1,
      waitSeconds: 20,
      visibilityTimeoutSeconds: 30,
      signal: controller.signal,
    });

    expect(messages).toEqual([]);
    expect(Date.now() - started).toBeLessThan(900);
    aws.on('AmazonSQS.ReceiveMessage', { body: {} });
  });

  it('deletes a message and extends its visibility by receipt handle', async () => {
    await transport.extendVisibility('r-1', 300);
    await transport.delete('r-1');

    expect(aws.calls.map((c) => [c.target, c.body])).toEqual([
      [
        'AmazonSQS.ChangeMessageVisibility',
        { QueueUrl: QUEUE_URL, ReceiptHandle: 'r-1', VisibilityTimeout: 300 },
      ],
      ['AmazonSQS.DeleteMessage', { QueueUrl: QUEUE_URL, ReceiptHandle: 'r-1' }],
    ]);
  });

  it('passes other queue errors on as they are', async () => {
    aws.on('AmazonSQS.DeleteMessage', {
      status: 400,
      error: 'ReceiptHandleIsInvalid',
      message: 'The input receipt handle is invalid.',
    });

    await expect(transport.delete('bad')).rejects.toMatchObject({ name: 'ReceiptHandleIsInvalid' });
    aws.on('AmazonSQS.DeleteMessage', { body: {} });
  });
});

describe('AWS transport: task tokens', () => {
  it('sends success with the output as a JSON string', async () => {
    await transport.sendTaskSuccess('token-1', { status: 'done', data: { uid: '4' } });

    expect(aws.calls.map((c) => [c.target, c.body])).toEqual([
      [
        'AWSStepFunctions.SendTaskSuccess',
        { taskToken: 'token-1', output: '{"status":"done","data":{"uid":"4"}}' },
      ],
    ]);
  });

  it('sends failure and heartbeat, trimming error and cause to what Step Functions takes', async () => {
    await transport.sendTaskFailure('token-1', `Relay.${'E'.repeat(300)}`, 'c'.repeat(40_000));
    await transport.sendTaskHeartbeat('token-1');

    const [failure, heartbeat] = aws.calls;
    expect(failure?.target).toBe('AWSStepFunctions.SendTaskFailure');
    expect(String(failure?.body.error)).toHaveLength(256);
    expect(String(failure?.body.cause)).toHaveLength(32_768);
    expect(heartbeat).toMatchObject({
      target: 'AWSStepFunctions.SendTaskHeartbeat',
      body: { taskToken: 'token-1' },
    });
  });

  it.each(['TaskTimedOut', 'TaskDoesNotExist', 'InvalidToken'])(
    'reports %s as TaskTokenClosed, keeping the original',
    async (error) => {
      aws.on('AWSStepFunctions.SendTaskSuccess', { status: 400, error, message: 'closed' });

      const answer = transport.sendTaskSuccess('token-2', {});

      await expect(answer).rejects.toBeInstanceOf(TaskTokenClosed);
      await expect(answer).rejects.toMatchObject({ cause: { name: error } });
      aws.on('AWSStepFunctions.SendTaskSuccess', { body: {} });
    },
  );

  it('passes other Step Functions errors on as they are', async () => {
    aws.on('AWSStepFunctions.SendTaskHeartbeat', {
      status: 400,
      error: 'InvalidOutput',
      message: 'bad',
    });

    await expect(transport.sendTaskHeartbeat('token-3')).rejects.toMatchObject({
      name: 'InvalidOutput',
    });
    aws.on('AWSStepFunctions.SendTaskHeartbeat', { body: {} });
  });
});
