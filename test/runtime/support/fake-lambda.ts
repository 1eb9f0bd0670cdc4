import type { LocalLambda } from '../../../infra/local/stepfunctions/task-resources.js';

type Payload = Record<string, unknown> & { action?: string };
type Handler = (payload: Payload) => unknown;

/** An in-process steps function that answers per `action` and remembers every call. */
export interface FakeLambda {
  lambda: LocalLambda;
  calls: Payload[];
  /** Calls of `action`, optionally only those whose `node` is `node`. */
  count(action: string, node?: string): number;
}

export function createFakeLambda(handlers: Record<string, Handler> = {}): FakeLambda {
  const calls: Payload[] = [];
  const lambda: LocalLambda = async (payload) => {
    const call = payload as Payload;
    calls.push(call);
    const handler = handlers[call.action ?? ''];
    return handler ? handler(call) : { ok: true, action: call.action };
  };

  return {
    lambda,
    calls,
    count: (action, node) =>
      calls.filter((c) => c.action === action && (node === undefined || c.node === node)).length,
  };
}

/** An error whose name is the ASL error name, as the steps function throws them. */
export function namedError(name: string, message: string): Error {
  const error = new Error(message);
  error.name = name;
  return error;
}
