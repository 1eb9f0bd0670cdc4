/**
 * A fake MCollective for relay tests: scripted nodes behind the driver's transport port, so the
 * real `McoDriver` (retries, statuscodes, named errors) runs against them. A node installs for
 * a few silent polls after a reboot and then reports `target`; a Puppet run lasts a few
 * summary polls and succeeds or fails as scripted.
 */
import type {
  BridgeRequest,
  BridgeResult,
  McoReply,
  McoTransport,
} from '../../../agent/relay/drivers/mcollective/index.js';

/** One scripted Puppet run: how many summary polls it lasts, and why it fails, if it does. */
export interface PuppetScript {
  polls: number;
  fail?: string;
}

/** A node's scripted state; tests read and change it freely. */
export interface ScriptedNode {
  uid: string;
  online: boolean;
  systemType: string;
  /** Silent systemtype polls after a reboot before the node reports `target`. */
  installPolls: number;
  installing: number;
  rebooted: number;
  erased: number;
  synced: number;
  files: Map<string, { content: string; permissions: string | undefined }>;
  puppet: {
    status: 'idling' | 'running' | 'stopped';
    enabled: boolean;
    runs: number;
    script: PuppetScript[];
    current: PuppetScript | undefined;
    polled: number;
    exitCode: number | null;
    failure: string | undefined;
  };
}

type Handler = (node: ScriptedNode, args: Record<string, unknown>) => Reply | undefined;
type Reply = { statuscode: number; statusmsg: string; data: Record<string, unknown> };

const ok = (data: Record<string, unknown>): Reply => ({ statuscode: 0, statusmsg: 'OK', data });
const fail = (statusmsg: string): Reply => ({ statuscode: 1, statusmsg, data: {} });

/** The scripted nodes and every request made to them. */
export class ScriptedMcollective implements McoTransport {
  readonly nodes = new Map<string, ScriptedNode>();
  readonly requests: BridgeRequest[] = [];
  readonly #gates = new Map<string, Promise<void>>();

  /** Adds a node in bootstrap, online, with Puppet idle. */
  add(uid: string, overrides: Partial<ScriptedNode> = {}): ScriptedNode {
    const node: ScriptedNode = {
      uid,
      online: true,
      systemType: 'bootstrap',
      installPolls: 2,
      installing: 0,
      rebooted: 0,
      erased: 0,
      synced: 0,
      files: new Map(),
      puppet: {
        status: 'idling',
        enabled: true,
        runs: 0,
        script: [],
        current: undefined,
        polled: 0,
        exitCode: null,
        failure: undefined,
      },
      ...overrides,
    };
    this.nodes.set(uid, node);
    return node;
  }

  /** Holds calls of `agent.action` until the returned function is called. */
  hold(agentAction: string): () => void {
    let release = (): void => undefined;
    this.#gates.set(
      agentAction,
      new Promise<void>((resolve) => {
        release = () => {
          this.#gates.delete(agentAction);
          resolve();
        };
      }),
    );
    return () => release();
  }

  /** How many requests named `agent.action`. */
  count(agentAction: string): number {
    return this.requests.filter((r) => `${r.agent}.${r.action}` === agentAction).length;
  }

  async call(request: BridgeRequest): Promise<BridgeResult> {
    this.requests.push(structuredClone(request));
    await this.#gates.get(`${request.agent}.${request.action}`);
    const replies: McoReply[] = [];
    const noResponse: string[] = [];
    for (const uid of request.nodes) {
      const node = this.nodes.get(uid);
      const reply = node?.online ? answer(node, request) : undefined;
      if (reply === undefined) noResponse.push(uid);
      else replies.push({ sender: uid, ...reply });
    }
    return { replies, noResponse };
  }

  async close(): Promise<void> {}
}

function answer(node: ScriptedNode, request: BridgeRequest): Reply | undefined {
  const handler = HANDLERS[`${request.agent}.${request.action}`];
  if (handler === undefined) return { statuscode: 2, statusmsg: 'Unknown action', data: {} };
  return handler(node, request.args);
}

const HANDLERS: Record<string, Handler> = {
  'systemtype.get_type': (node) => {
    if (node.installing > 0) {
      node.installing -= 1;
      if (node.installing === 0) node.systemType = 'target';
      return undefined;
    }
    return ok({ node_type: node.systemType });
  },
  'erase_node.reboot_node': (node) => {
    reboot(node);
    return ok({ rebooted: true });
  },
  'erase_node.erase_node': (node, args) => {
    node.erased += 1;
    if (args.reboot !== false) reboot(node);
    return ok({
      erased: true,
      rebooted: args.reboot !== false,
      devices: ['/dev/sda'],
      nodiscover: '/etc/nailgun-agent/nodiscover',
    });
  },
  'uploadfile.upload': (node, args) => {
    const path = String(args.path);
    if (node.files.has(path) && args.overwrite !== true) return fail(`File ${path} exists`);
    const permissions = typeof args.permissions === 'string' ? args.permissions : undefined;
    node.files.set(path, { content: String(args.content), permissions });
    return ok({ msg: `${path} written` });
  },
  'puppetsync.rsync': (node) => {
    node.synced += 1;
    return ok({ msg: 'Puppet modules and manifests synced' });
  },
  'puppetd.status': (node) =>
    ok({ status: puppetStatus(node), enabled: node.puppet.enabled ? 1 : 0, lastrun: 0 }),
  'puppetd.runonce': (node) => {
    const puppet = node.puppet;
    if (puppet.status === 'running') return fail('Puppet is already running');
    if (!puppet.enabled) return fail('Puppet is disabled');
    puppet.current = puppet.script.shift() ?? { polls: 2 };
    Object.assign(puppet, { status: 'running', polled: 0, exitCode: null, failure: undefined });
    puppet.runs += 1;
    return ok({ status: 'running' });
  },
  'puppetd.last_run_summary': (node) => ok(summaryOf(node)),
  'puppetd.stop_and_disable': (node) => {
    if (node.puppet.status === 'running') node.puppet.status = 'stopped';
    node.puppet.enabled = false;
    return ok({ status: 'disabled' });
  },
  'puppetd.enable': (node) => {
    node.puppet.enabled = true;
    return ok({ status: puppetStatus(node) });
  },
};

function reboot(node: ScriptedNode): void {
  node.rebooted += 1;
  node.installing = node.installPolls;
  if (node.installPolls === 0) node.systemType = 'target';
}

function puppetStatus(node: ScriptedNode): string {
  return node.puppet.enabled ? node.puppet.status : 'disabled';
}

function summaryOf(node: ScriptedNode): Record<string, unknown> {
  const puppet = node.puppet;
  const current = puppet.current ?? { polls: 1 };
  if (puppet.status === 'running') {
    puppet.polled += 1;
    if (puppet.polled >= current.polls) {
      puppet.status = 'stopped';
      puppet.exitCode = current.fail === undefined ? 2 : 6;
      puppet.failure = current.fail;
    }
  }
  const failed = puppet.failure === undefined ? 0 : 1;
  const done = Math.min(puppet.polled, current.polls);
  return {
    status: puppetStatus(node),
    resources: { total: 4, changed: 3, failed },
    time: { last_run: 1_700_000_000, total: 3.2 },
    changes: { total: 3 },
    events: { failure: failed, success: 3, total: 3 + failed },
    version: { config: '1', puppet: '7.23.0' },
    progress: { done, total: current.polls, percent: Math.round((100 * done) / current.polls) },
    error_messages: puppet.failure === undefined ? [] : [puppet.failure],
    exit_code: puppet.exitCode,
  };
}
