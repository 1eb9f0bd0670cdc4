/**
 * RPC calls to MCollective agents the way Astute's MClient made them: nodes addressed by
 * identity (no discovery), nodes that stay silent asked again up to `retries` times,
 * `retryDelayMs` apart, and replies with a non-zero statuscode turned into named errors.
 */
import { setTimeout as sleep } from 'node:timers/promises';
import { McoAgentFailed, type McoCallSite, McoNoResponse, McoValidationFailed } from './errors.js';
import { type McoLogger, noopMcoLogger } from './logger.js';
import type { McoReply, McoTransport } from './protocol.js';

/** Astute's `mc_retries`: further attempts for nodes that did not answer. */
export const ASTUTE_RETRIES = 10;
/** Astute's pause between those attempts. */
export const ASTUTE_RETRY_DELAY_MS = 1000;

/** Statuscodes of SimpleRPC replies. */
export const MCO_STATUS = {
  ok: 0,
  aborted: 1,
  unknownAction: 2,
  missingData: 3,
  invalidData: 4,
  unknownError: 5,
} as const;
export type McoStatusCode = (typeof MCO_STATUS)[keyof typeof MCO_STATUS];

const VALIDATION_CODES: readonly number[] = [
  MCO_STATUS.unknownAction,
  MCO_STATUS.missingData,
  MCO_STATUS.invalidData,
];

/** One RPC call. */
export interface RpcRequest {
  agent: string;
  action: string;
  args?: Record<string, unknown>;
  /** MCollective identities (Fuel: the node uid as a string). */
  nodes: string[];
  /** Wait per attempt for answers; capped by the agent's DDL timeout (its default). */
  timeoutSeconds?: number;
  /** Overrides the driver's retry count for this call (e.g. 0 for actions unsafe to repeat). */
  retries?: number;
}

/** Every answer received, and who stayed silent after the retries. */
export interface RpcResult {
  replies: McoReply[];
  noResponse: string[];
}

/** How the driver calls and retries. */
export interface McoDriverOptions {
  transport: McoTransport;
  retries?: number;
  retryDelayMs?: number;
  logger?: McoLogger;
}

/** Throws the named error for the first reply that is not OK. */
function assertReplies(site: McoCallSite, replies: McoReply[]): void {
  const failed = replies.find((reply) => reply.statuscode !== MCO_STATUS.ok);
  if (!failed) return;
  if (VALIDATION_CODES.includes(failed.statuscode)) {
    throw new McoValidationFailed(site, failed.statusmsg, failed.sender);
  }
  throw new McoAgentFailed(site, failed.sender, failed.statuscode, failed.statusmsg, failed.data);
}

/** The relay's handle on MCollective. */
export class McoDriver {
  readonly #transport: McoTransport;
  readonly #retries: number;
  readonly #retryDelayMs: number;
  readonly #logger: McoLogger;

  constructor(options: McoDriverOptions) {
    this.#transport = options.transport;
    this.#retries = options.retries ?? ASTUTE_RETRIES;
    this.#retryDelayMs = options.retryDelayMs ?? ASTUTE_RETRY_DELAY_MS;
    this.#logger = options.logger ?? noopMcoLogger;
  }

  /**
   * Calls `agent.action` on the nodes and returns what came back, whatever the statuscodes;
   * silent nodes are asked again. Rejects only when the call could not be made at all.
   */
  async rpc(request: RpcRequest): Promise<RpcResult> {
    const retries = request.retries ?? this.#retries;
    const replies: McoReply[] = [];
    let silent = [...new Set(request.nodes)];
    for (let attempt = 1; silent.length > 0; attempt += 1) {
      const asked = new Set(silent);
      const result = await this.#transport.call({
        agent: request.agent,
        action: request.action,
        args: request.args ?? {},
        nodes: silent,
        timeoutSeconds: request.timeoutSeconds,
      });
      replies.push(...result.replies.filter((reply) => asked.has(reply.sender)));
      silent = result.noResponse.filter((node) => asked.has(node));
      if (silent.length === 0 || attempt > retries) break;
      this.#logger.warn('mco nodes did not answer, asking again', {
        agent: request.agent,
        action: request.action,
        nodes: silent,
        attempt,
      });
      await sleep(this.#retryDelayMs);
    }
    return { replies, noResponse: silent };
  }

  /**
   * Like `rpc`, but every node must answer OK: a failed reply throws `McoAgentFailed` or
   * `McoValidationFailed`, silence after the retries throws `McoNoResponse`.
   */
  async call(request: RpcRequest): Promise<McoReply[]> {
    const site = { agent: request.agent, action: request.action };
    const { replies, noResponse } = await this.rpc(request);
    assertReplies(site, replies);
    if (noResponse.length > 0) {
      const attempts = (request.retries ?? this.#retries) + 1;
      throw new McoNoResponse(site, noResponse, attempts);
    }
    return replies;
  }

  /** `call` on one node, returning that node's reply data. */
  async callOne(
    node: string,
    request: Omit<RpcRequest, 'nodes'>,
  ): Promise<Record<string, unknown>> {
    const replies = await this.call({ ...request, nodes: [node] });
    return replies[0]?.data ?? {};
  }

  /** Stops the transport (the bridge processes). */
  close(): Promise<void> {
    return this.#transport.close();
  }
}
