import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';

/** One call the fake endpoint received. */
export interface AwsCall {
  /** The `X-Amz-Target` header, e.g. `AmazonSQS.ReceiveMessage`. */
  target: string;
  contentType: string | undefined;
  body: Record<string, unknown>;
}

/** What the endpoint answers to a call: a JSON body, or an AWS error. */
export type AwsReply =
  | { body: Record<string, unknown> }
  | { status: number; error: string; message: string };

/**
 * A tiny endpoint speaking the AWS JSON 1.0 protocol (SQS and Step Functions): `POST /` with the
 * operation in `X-Amz-Target`, JSON in and out, errors as `{"__type", "message"}` with a 4xx.
 */
export interface FakeAws {
  url: string;
  calls: AwsCall[];
  /** Sets the answer to an operation (`AmazonSQS.ReceiveMessage`); `{}` when unset. */
  on(target: string, reply: AwsReply | ((call: AwsCall) => AwsReply | Promise<AwsReply>)): void;
  close(): Promise<void>;
}

export async function startFakeAws(): Promise<FakeAws> {
  const calls: AwsCall[] = [];
  const replies = new Map<string, AwsReply | ((call: AwsCall) => AwsReply | Promise<AwsReply>)>();
  const server: Server = createServer((request, response) => {
    const chunks: Buffer[] = [];
    request.on('data', (chunk: Buffer) => chunks.push(chunk));
    request.on('end', async () => {
      const text = Buffer.concat(chunks).toString('utf8');
      const call: AwsCall = {
        target: String(request.headers['x-amz-target'] ?? ''),
        contentType: request.headers['content-type'],
        body: text ? (JSON.parse(text) as Record<string, unknown>) : {},
      };
      calls.push(call);
      const configured = replies.get(call.target) ?? { body: {} };
      const reply = await (typeof configured === 'function' ? configured(call) : configured);
      if (response.destroyed) return;
      const status = 'status' in reply ? reply.status : 200;
      const payload =
        'status' in reply
          ? { __type: `com.amazonaws#${reply.error}`, message: reply.message }
          : reply.body;
      response.writeHead(status, { 'content-type': 'application/x-amz-json-1.0' });
      response.end(JSON.stringify(payload));
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;

  return {
    url: `http://127.0.0.1:${port}`,
    calls,
    on: (target, reply) => replies.set(target, reply),
    close: () => new Promise((resolve) => server.close(() => resolve())),
  };
}

/** Static credentials the SDK signs with; the fake endpoint does not check them. */
export const TEST_CREDENTIALS = { accessKeyId: 'test', secretAccessKey: 'test' };
