import type {
  ReceivedMessage,
  StepTransport,
} from '../../../agent/relay/transport/step-transport.js';

export type RelayAnswer =
  | { output: object }
  | { error: string; cause: string }
  /** Leave the message and its token alone. */
  | 'ignore';

export interface StepBody {
  task_token: string;
  [key: string]: unknown;
}

/** A scripted relay: receives step messages, answers their tokens, deletes them. */
export interface FakeRelay {
  received: StepBody[];
  /** Errors of answers, e.g. `TaskTokenClosed` for a stopped execution. */
  errors: unknown[];
  stop(): Promise<void>;
}

export function startFakeRelay(
  transport: StepTransport,
  answer: (body: StepBody, message: ReceivedMessage) => RelayAnswer | Promise<RelayAnswer>,
): FakeRelay {
  const received: StepBody[] = [];
  const errors: unknown[] = [];
  const controller = new AbortController();
  const handle = async (message: ReceivedMessage) => {
    const body = JSON.parse(message.body) as StepBody;
    received.push(body);
    const reply = await answer(body, message);
    if (reply === 'ignore') return;
    if ('output' in reply) await transport.sendTaskSuccess(body.task_token, reply.output);
    else await transport.sendTaskFailure(body.task_token, reply.error, reply.cause);
    await transport.delete(message.receiptHandle);
  };
  const loop = (async () => {
    while (!controller.signal.aborted) {
      const messages = await transport.receive({
        max: 10,
        waitSeconds: 1,
        visibilityTimeoutSeconds: 30,
        signal: controller.signal,
      });
      // Each message on its own, as the relay works on steps in parallel.
      for (const message of messages) handle(message).catch((error) => errors.push(error));
    }
  })();

  return {
    received,
    errors,
    async stop() {
      controller.abort();
      await loop;
    },
  };
}
