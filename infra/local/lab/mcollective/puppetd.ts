/**
 * The `puppetd` agent on a virtual node: runs of `site.pp` whose length depends on the node's
 * role (read from the `astute.yaml` uploaded before), with progress rising as time passes.
 */
import { CONTROLLER_FACTOR, type LabDurations } from '../lab-speed.js';
import type { VirtualNode } from '../virtual-node.js';
import { type AgentAction, fail, ok, text } from './reply.js';

/** Where the deployment writes the node's facts. */
const ASTUTE_YAML = '/etc/astute.yaml';
const CONTROLLER_ROLES: ReadonlySet<string> = new Set(['controller', 'primary-controller']);
/** Resources in the catalog of a compute node and of a controller, roughly Fuel 10's. */
const CATALOG_SIZE = { compute: 590, controller: 1430 } as const;

/** The first role in the node's facts, if any were uploaded. */
function roleOf(node: VirtualNode): string | undefined {
  const facts = node.files.get(ASTUTE_YAML)?.content;
  return facts === undefined ? undefined : /^role: (\S+)$/m.exec(facts)?.[1];
}

/** Whether `path` is on the node: uploaded, or under a directory `puppetsync` filled. */
function present(node: VirtualNode, path: string): boolean {
  if (node.files.has(path)) return true;
  return [...node.synced].some((dir) => path.startsWith(`${dir.replace(/\/$/, '')}/`));
}

/** A run's length and catalog: controllers take longer; nodes differ by up to 30 %. */
function runShape(node: VirtualNode, durations: LabDurations) {
  const controller = CONTROLLER_ROLES.has(roleOf(node) ?? '');
  const spread = 0.85 + ((node.hardware.index * 37) % 31) / 100;
  const base = durations.puppet * (controller ? CONTROLLER_FACTOR : 1);
  const size = controller ? CATALOG_SIZE.controller : CATALOG_SIZE.compute;

  return { durationMs: Math.round(base * spread), total: size + (node.hardware.index % 50) };
}

const runonce: AgentAction = (node, args, durations) => {
  const manifest = text(args, 'manifest', '/etc/puppet/manifests/site.pp');
  if (!present(node, manifest)) return fail(`Manifest ${manifest} does not exist`);
  const shape = runShape(node, durations);
  const refusal = node.puppet.start(shape.durationMs, shape.total);
  if (refusal !== undefined) return fail(refusal);
  const pid = 4000 + node.puppet.runs;

  return ok({ status: 'running', output: `Started puppet apply ${manifest} (pid ${pid})` });
};

const status: AgentAction = (node) => {
  const current = node.puppet.status;
  return ok({
    status: current,
    enabled: node.puppet.enabled ? 1 : 0,
    running: current === 'running' ? 1 : 0,
    idling: current === 'idling' ? 1 : 0,
    stopped: current === 'stopped' ? 1 : 0,
    lastrun: node.puppet.lastRun,
    output: `Currently ${current}`,
  });
};

const stopAndDisable: AgentAction = (node) => {
  const stopped = node.puppet.stopAndDisable();
  return ok({
    status: node.puppet.status,
    output: stopped ? 'Stopped the run and disabled puppet' : 'Disabled puppet',
  });
};

const enable: AgentAction = (node) => {
  node.puppet.enable();
  return ok({ status: node.puppet.status, output: 'Enabled puppet' });
};

/** The actions of `puppetd`, by name. */
export const PUPPETD_ACTIONS: Readonly<Record<string, AgentAction>> = {
  runonce,
  last_run_summary: (node) => ok(node.puppet.summary()),
  status,
  stop_and_disable: stopAndDisable,
  enable,
};
