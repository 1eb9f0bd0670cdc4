/**
 * MCollective for the lab's nodes, behind the relay driver's transport port: the real
 * `McoDriver` and `node-ops.ts` run against it as against the Ruby bridge. Nodes are addressed
 * by identity (Nailgun's node id); a node that is down, or whose agent has not been answered
 * yet, stays silent, and the call then lasts as long as MCollective would wait for it.
 */
import { setTimeout as sleep } from 'node:timers/promises';
import type {
  BridgeRequest,
  BridgeResult,
  McoReply,
  McoTransport,
} from '../../../../agent/relay/drivers/mcollective/index.js';
import type { LabDurations } from '../lab-speed.js';
import type { VirtualNode } from '../virtual-node.js';
import { NODE_AGENT_ACTIONS } from './node-agents.js';
import { PUPPETD_ACTIONS } from './puppetd.js';
import type { AgentAction, AgentReply } from './reply.js';

/** How the transport finds nodes and paces calls. */
export interface LabMcollectiveOptions {
  /** The node with this MCollective identity, if any. */
  find(identity: string): VirtualNode | undefined;
  durations: LabDurations;
}

function actionOf(request: BridgeRequest): AgentAction | undefined {
  if (request.agent === 'puppetd') return PUPPETD_ACTIONS[request.action];
  return NODE_AGENT_ACTIONS[`${request.agent}.${request.action}`];
}

/** The simulated MCollective of one lab. */
export class LabMcollective implements McoTransport {
  readonly #options: LabMcollectiveOptions;
  /** Calls answered so far, by `agent.action` (for tests and the benchmark's figures). */
  readonly calls = new Map<string, number>();

  constructor(options: LabMcollectiveOptions) {
    this.#options = options;
  }

  async call(request: BridgeRequest): Promise<BridgeResult> {
    const key = `${request.agent}.${request.action}`;
    this.calls.set(key, (this.calls.get(key) ?? 0) + 1);
    await this.#wait(request);
    const replies: McoReply[] = [];
    const noResponse: string[] = [];
    for (const identity of request.nodes) {
      const node = this.#options.find(identity);
      const reply = node?.answering ? this.#answer(node, request) : undefined;
      if (reply === undefined) noResponse.push(identity);
      else replies.push({ sender: identity, ...reply });
    }

    return { replies, noResponse };
  }

  async close(): Promise<void> {}

  #answer(node: VirtualNode, request: BridgeRequest): AgentReply {
    const action = actionOf(request);
    if (action === undefined) {
      const message = `Unknown action ${request.action} for agent ${request.agent}`;
      return { statuscode: 2, statusmsg: message, data: {} };
    }

    return action(node, request.args, this.#options.durations);
  }

  /** The call's own time, or the wait for silent nodes when one of them is down. */
  async #wait(request: BridgeRequest): Promise<void> {
    const { durations, find } = this.#options;
    const own = request.agent === 'puppetsync' ? durations.puppetsync : durations.rpc;
    const silent = request.nodes.some((identity) => !find(identity)?.answering);
    const timeoutMs = (request.timeoutSeconds ?? Number.POSITIVE_INFINITY) * 1000;
    const ms = silent ? Math.max(own, Math.min(timeoutMs, durations.silence)) : own;
    await sleep(ms);
  }
}
