/**
 * The JSON-lines protocol spoken with `agent/mcollective/bridge/mco-bridge.rb`: one request per
 * stdin line, one answer per stdout line, in order. The first line the bridge writes is
 * `{"ready":true}` once it is connected to the middleware, or `{"fatal":"..."}` before exiting.
 */
import { z } from 'zod';

/** One node's answer to an RPC call, as MCollective's SimpleRPC client reports it. */
export interface McoReply {
  /** The node's MCollective identity. */
  sender: string;
  /** 0 OK, 1 failed, 2 unknown action, 3 missing input, 4 invalid input, 5 other error. */
  statuscode: number;
  statusmsg: string;
  data: Record<string, unknown>;
}

/** What the bridge is asked to do: call `agent.action` on `nodes` (identities, no discovery). */
export interface BridgeRequest {
  agent: string;
  action: string;
  args: Record<string, unknown>;
  nodes: string[];
  /** How long the bridge waits for answers; capped by the agent's DDL timeout. */
  timeoutSeconds?: number;
}

/** The bridge's answer to one request. */
export interface BridgeResult {
  replies: McoReply[];
  /** Nodes that were asked and did not answer in time. */
  noResponse: string[];
}

/** Something that performs RPC calls: a bridge client, a pool of them, or a test double. */
export interface McoTransport {
  /** Sends one request; rejects with the driver's named errors. */
  call(request: BridgeRequest): Promise<BridgeResult>;
  close(): Promise<void>;
}

/** Why the bridge could not perform a request. */
export const BRIDGE_ERROR_KINDS = ['validation', 'request', 'internal'] as const;
export type BridgeErrorKind = (typeof BRIDGE_ERROR_KINDS)[number];

const replySchema = z.object({
  sender: z.string(),
  statuscode: z.number().int(),
  statusmsg: z
    .string()
    .nullable()
    .transform((msg) => msg ?? ''),
  data: z
    .record(z.string(), z.unknown())
    .nullable()
    .transform((data) => data ?? {}),
});

const answerSchema = z.union([
  z.object({ id: z.string(), replies: z.array(replySchema), no_response: z.array(z.string()) }),
  z.object({
    id: z.string().nullable(),
    error: z.object({ kind: z.enum(BRIDGE_ERROR_KINDS), message: z.string() }),
  }),
]);

const greetingSchema = z.union([
  z.object({ ready: z.literal(true), pid: z.number().int(), mcollective: z.string() }),
  z.object({ fatal: z.string() }),
]);

/** One parsed line from the bridge. */
export type BridgeLine =
  | { type: 'result'; id: string; result: BridgeResult }
  | { type: 'error'; id: string | null; kind: BridgeErrorKind; message: string }
  | { type: 'ready'; pid: number; version: string }
  | { type: 'fatal'; message: string }
  | { type: 'garbage'; text: string };

/** Serialises a request as one protocol line (newline included). */
export function encodeRequest(id: string, request: BridgeRequest): string {
  const line = {
    id,
    agent: request.agent,
    action: request.action,
    args: request.args,
    nodes: request.nodes,
    timeout: request.timeoutSeconds,
  };
  return `${JSON.stringify(line)}\n`;
}

/** Parses one line written by the bridge; anything unexpected comes back as `garbage`. */
export function decodeLine(text: string): BridgeLine {
  let value: unknown;
  try {
    value = JSON.parse(text);
  } catch {
    return { type: 'garbage', text };
  }
  const answer = answerSchema.safeParse(value);
  if (answer.success) {
    const line = answer.data;
    if ('error' in line) return { type: 'error', id: line.id, ...line.error };
    const result = { replies: line.replies, noResponse: line.no_response };
    return { type: 'result', id: line.id, result };
  }
  const greeting = greetingSchema.safeParse(value);
  if (!greeting.success) return { type: 'garbage', text };
  const hello = greeting.data;
  return 'fatal' in hello
    ? { type: 'fatal', message: hello.fatal }
    : { type: 'ready', pid: hello.pid, version: hello.mcollective };
}
