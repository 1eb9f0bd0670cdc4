/** What a simulated agent answers: a SimpleRPC reply without its sender. */
import type { LabDurations } from '../lab-speed.js';
import type { VirtualNode } from '../virtual-node.js';

/** One node's reply to one action. */
export interface AgentReply {
  statuscode: number;
  statusmsg: string;
  data: Record<string, unknown>;
}

/** An action of a simulated agent, run on a node that answers. */
export type AgentAction = (
  node: VirtualNode,
  args: Readonly<Record<string, unknown>>,
  durations: LabDurations,
) => AgentReply;

/** Statuscode 0 with the reply's data. */
export function ok(data: Record<string, unknown>): AgentReply {
  return { statuscode: 0, statusmsg: 'OK', data };
}

/** `reply.fail!`: statuscode 1 with the agent's message. */
export function fail(statusmsg: string, data: Record<string, unknown> = {}): AgentReply {
  return { statuscode: 1, statusmsg, data };
}

/** An argument as text, or `fallback` when absent. */
export function text(args: Readonly<Record<string, unknown>>, key: string, fallback = ''): string {
  const value = args[key];
  return value === undefined || value === null ? fallback : String(value);
}

/** An optional boolean argument. */
export function flag(args: Readonly<Record<string, unknown>>, key: string, fallback: boolean) {
  const value = args[key];
  return typeof value === 'boolean' ? value : fallback;
}
