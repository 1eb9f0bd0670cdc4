import type { StepTransport } from '../../../agent/relay/transport/step-transport.js';
import { asTokenClosed } from '../../../agent/relay/transport/task-token-closed.js';
import type { LocalQueue } from './local-queue.js';
import type { TokenRegistry } from './token-registry.js';

/** The local queue and registry one relay uses, and its site queue. */
export interface LocalTransportOptions {
  queue: LocalQueue;
  tokens: TokenRegistry;
  /** The site queue this relay serves. */
  queueUrl: string;
}

/** The relay's transport over the embedded runtime's queue and token registry. */
export function createLocalTransport(options: LocalTransportOptions): StepTransport {
  const { queue, tokens, queueUrl } = options;

  return {
    receive: (receive) =>
      queue.receive(queueUrl, {
        max: receive.max,
        waitSeconds: receive.waitSeconds,
        visibilityTimeoutSeconds: receive.visibilityTimeoutSeconds,
        signal: receive.signal,
      }),
    delete: async (receiptHandle) => queue.delete(receiptHandle),
    extendVisibility: async (receiptHandle, seconds) =>
      queue.changeVisibility(receiptHandle, seconds),
    sendTaskSuccess: async (token, output) => answer(() => tokens.succeed(token, output)),
    sendTaskFailure: async (token, error, cause) => answer(() => tokens.fail(token, error, cause)),
    sendTaskHeartbeat: async (token) => answer(() => tokens.heartbeat(token)),
  };
}

function answer(call: () => void): void {
  try {
    call();
  } catch (error) {
    throw asTokenClosed(error);
  }
}
