import { stringify } from 'yaml';
import type { NodeRef } from '../../statemachines/contracts/execution.js';
import { MACHINE_ERRORS, StepPayloadSchema } from '../../statemachines/contracts/execution.js';
import type { CoreContext } from '../core/context.js';
import { taskNodeIds } from '../core/orchestration/cluster-outcome.js';
import { COMMON_FACTS_NODE, loadFacts } from '../core/orchestration/facts/store.js';
import { changeTask, lockTaskByUuid } from '../core/orchestration/task-state.js';
import type { TaskRow } from '../core/tasks/model.js';
import { applyProgress } from '../progress/apply.js';

/** A node as the workflows carry it: ids and a name, never facts. */

type Payload = Record<string, unknown> & { action?: unknown; task_uuid?: unknown };

/** Failure names the workflows' Catch and Retry lists know. */
export class StepError extends Error {
  constructor(name: string, message: string) {
    super(message);
    this.name = name;
  }
}

/**
 * The Lambda steps of the deployment workflows (contract: statemachines/contracts/execution):
 * planning, facts, and the per-node and per-phase outcomes, which are applied as Astute-format
 * reports so the same receiver rules hold whichever way a result arrives.
 */
export async function handleStep(ctx: CoreContext, raw: unknown): Promise<unknown> {
  const parsed = StepPayloadSchema.safeParse(raw);
  if (!parsed.success) {
    throw new StepError('Steps.InvalidPayload', parsed.error.issues[0]?.message ?? 'invalid');
  }
  const payload = parsed.data as Payload;
  const uuid = String(payload.task_uuid ?? '');
  switch (payload.action) {
    case 'prepare':
      return prepare(ctx, uuid);
    case 'provisioning_facts':
      return provisioningFacts(ctx, uuid, Number(payload.node_id));
    case 'deployment_facts':
      return deploymentFacts(ctx, uuid, Number(payload.node_id));
    case 'node_done':
    case 'node_failed':
      return nodeOutcome(ctx, uuid, payload);
    case 'finish_phase':
      return finishPhase(ctx, uuid, String(payload.phase), payload.results);
    case 'finish':
      return finish(ctx, uuid);
    case 'abort':
      return abort(ctx, uuid, payload);
    default:
      throw new StepError('Steps.UnknownAction', `unknown action ${String(payload.action)}`);
  }
}

async function findTask(ctx: CoreContext, uuid: string): Promise<TaskRow> {
  const task = await ctx.db.transaction((tx) => lockTaskByUuid(tx, uuid));
  if (!task) throw new StepError('Steps.TaskGone', `task ${uuid} does not exist`);
  return task;
}

interface NodeState {
  ref: NodeRef;
  status: string;
  progress: number;
}

/** The nodes of a task that still exist, as workflows carry them, with where they stand. */
async function nodeStates(ctx: CoreContext, ids: number[]): Promise<NodeState[]> {
  const { rows } = await ctx.db.query<{
    id: number;
    hostname: string | null;
    status: string;
    progress: number;
  }>('SELECT id, hostname, status, progress FROM nodes WHERE id = ANY($1::int[]) ORDER BY id', [
    ids,
  ]);
  return rows.map((r) => ({
    status: r.status,
    progress: r.progress,
    ref: {
      node_id: r.id,
      uid: String(r.id),
      hostname: r.hostname ?? `node-${r.id}`,
      phase: r.status === 'provisioning' ? 'provision' : 'deploy',
    },
  }));
}

/**
 * The plan of a run: its phases with their task uuids and nodes, groups in priority order.
 * Work a node already finished in this task is left out, so running a task again (a retry)
 * picks up where it failed: provisioned nodes are not provisioned again, deployed ones not
 * deployed again. A phase with nothing left is null.
 */
async function prepare(ctx: CoreContext, uuid: string) {
  const top = await findTask(ctx, uuid);
  if (top.status === 'ready' || top.status === 'error') {
    throw new StepError('Steps.TaskGone', `task ${uuid} has already finished`);
  }
  await ctx.db.transaction(async (tx) => changeTask(tx, top, { status: 'running' }));
  const { rows: children } = await ctx.db.query<TaskRow>(
    'SELECT * FROM tasks WHERE parent_id = $1 AND deleted_at IS NULL ORDER BY id',
    [top.id],
  );
  const tasks = children.length > 0 ? children : [top];
  const phase = async (names: string[], done: (n: NodeState) => boolean) => {
    const task = tasks.find((t) => names.includes(t.name) && t.status !== 'ready');
    if (!task) return undefined;
    const nodes = (await nodeStates(ctx, taskNodeIds(task))).filter((n) => !done(n));
    return { task, nodes: nodes.map((n) => n.ref) };
  };
  const remove = await phase(
    ['node_deletion', 'cluster_deletion', 'reset_environment'],
    () => false,
  );
  const provision = await phase(
    ['provision', 'stop_deployment'],
    (n) =>
      top.name !== 'stop_deployment' && ['provisioned', 'ready', 'deploying'].includes(n.status),
  );
  const deploy = await phase(['deployment'], (n) => n.status === 'ready' && n.progress === 100);
  const groups = deploy ? deployGroups(deploy.task, deploy.nodes) : [];

  return {
    remove:
      remove && remove.nodes.length > 0
        ? { task_uuid: remove.task.uuid, nodes: remove.nodes }
        : null,
    provision:
      provision && provision.nodes.length > 0
        ? { task_uuid: provision.task.uuid, nodes: provision.nodes }
        : null,
    deploy: deploy && groups.length > 0 ? { task_uuid: deploy.task.uuid, groups } : null,
  };
}

/** The deployment task's groups (kept in its cache) over the nodes still to deploy. */
function deployGroups(task: TaskRow, nodes: NodeRef[]) {
  const cached = (task.cache as { groups?: { name: string; nodes: number[] }[] }).groups ?? [];
  const byId = new Map(nodes.map((n) => [n.node_id, n]));
  return cached
    .map((g) => ({ name: g.name, nodes: g.nodes.flatMap((id) => byId.get(id) ?? []) }))
    .filter((g) => g.nodes.length > 0);
}

async function provisioningFacts(ctx: CoreContext, uuid: string, nodeId: number) {
  const task = await findTask(ctx, uuid);
  const facts = await loadFacts(ctx.db, task.id, nodeId, 'provisioning');
  if (!facts) throw new StepError('Steps.NoFacts', `no provisioning facts for node ${nodeId}`);
  return facts;
}

/** The node's astute.yaml: the run's shared facts with the node's own on top, as YAML. */
async function deploymentFacts(ctx: CoreContext, uuid: string, nodeId: number) {
  const task = await findTask(ctx, uuid);
  const [common, own] = await Promise.all([
    loadFacts(ctx.db, task.id, COMMON_FACTS_NODE, 'deployment'),
    loadFacts(ctx.db, task.id, nodeId, 'deployment'),
  ]);
  if (!common || !own)
    throw new StepError('Steps.NoFacts', `no deployment facts for node ${nodeId}`);
  return {
    astute_yaml: stringify({ ...(common as object), ...(own as object) }),
    upload_path: '/etc/astute.yaml',
    puppet: {
      manifest: '/etc/puppet/manifests/site.pp',
      modules: '/etc/puppet/modules',
      cwd: '/',
      modules_source: `${puppetSource(ctx)}modules/`,
      manifests_source: `${puppetSource(ctx)}manifests/`,
      manifests_path: '/etc/puppet/manifests',
      timeout_seconds: 5400,
      task_name: 'site',
    },
  };
}

function puppetSource(ctx: CoreContext): string {
  const base = ctx.settings.puppetSource ?? `rsync://${ctx.settings.masterIp}:/puppet/`;
  return base.endsWith('/') ? base : `${base}/`;
}

const REPORT_METHOD: Record<string, string> = {
  provision: 'provision_resp',
  deploy: 'deploy_resp',
};

/** A node's chain ended: its outcome becomes an Astute-format node report. */
async function nodeOutcome(ctx: CoreContext, uuid: string, payload: Payload) {
  const nodeId = Number(payload.node_id);
  const ok = payload.action === 'node_done';
  const phase = String(payload.phase);
  const node = ok
    ? {
        uid: String(nodeId),
        status: phase === 'provision' ? 'provisioned' : 'ready',
        progress: 100,
      }
    : {
        uid: String(nodeId),
        status: 'error',
        progress: 100,
        error_type: ERROR_TYPES[phase] ?? 'deploy',
        error_msg: causeMessage(payload.cause) ?? String(payload.error ?? 'Unknown error'),
      };
  if (phase === 'provision' || phase === 'deploy') {
    await applyProgress(ctx, {
      method: REPORT_METHOD[phase],
      args: { task_uuid: uuid, nodes: [node] },
    });
  }

  return { ok, node_id: nodeId, ...(ok ? {} : { error: node.error_msg }) };
}

/** The receiver method that finishes each kind of task, as Astute answered it. */
const METHOD_OF_TASK: Record<string, string> = {
  provision: 'provision_resp',
  deployment: 'deploy_resp',
  node_deletion: 'remove_nodes_resp',
  cluster_deletion: 'remove_cluster_resp',
  reset_environment: 'reset_environment_resp',
  stop_deployment: 'stop_deployment_resp',
};

const ERROR_TYPES: Record<string, string> = {
  provision: 'provision',
  deploy: 'deploy',
  remove: 'deletion',
  stop: 'stop_deployment',
};

/** A phase ended: its task is finished from the nodes' results, as Astute's last report did. */
async function finishPhase(ctx: CoreContext, uuid: string, phase: string, raw: unknown) {
  const results = (Array.isArray(raw) ? raw : []) as {
    ok?: boolean;
    node_id?: number;
    error?: string;
  }[];
  const failed = results.filter((r) => r.ok === false);
  if (phase === 'deploy_group') return { failed: failed.length > 0 };
  const task = await findTask(ctx, uuid);
  const method = METHOD_OF_TASK[task.name];
  if (!method) throw new StepError('Steps.UnknownPhase', `no report for task ${task.name}`);
  // Stop and reset end well even when a node did not answer (it is reset all the same);
  // a removal that left nodes unerased has failed.
  const lenient = ['reset', 'stop'].includes(phase);
  const failedNodes = failed.length > 0 || (phase === 'deploy' && (await anyNodeFailed(ctx, task)));
  const status = failedNodes && !lenient ? 'error' : 'ready';
  const nodes = results.filter((r) => r.ok !== false).map((r) => ({ uid: String(r.node_id) }));
  const args: Record<string, unknown> = { task_uuid: uuid, status, progress: 100 };
  if (phase === 'provision' && failed.length > 0) args.error = 'Too many nodes failed to provision';
  if (phase === 'remove' || phase === 'reset' || phase === 'stop') {
    args.nodes = nodes;
    args.error_nodes = failed.map((r) => ({ uid: String(r.node_id), error: r.error ?? null }));
  } else if (status === 'ready') {
    // Deploy groups reported their nodes one by one; the phase closes over all of the task's.
    const done = phase === 'deploy' ? taskNodeIds(task).map((id) => ({ uid: String(id) })) : nodes;
    args.nodes = done.map((n) => ({
      ...n,
      status: phase === 'provision' ? 'provisioned' : 'ready',
      progress: 100,
    }));
  }
  await applyProgress(ctx, { method, args });

  return { failed: failedNodes };
}

/** Whether a node of the task ended in error (deploy groups report their nodes one by one). */
async function anyNodeFailed(ctx: CoreContext, task: TaskRow): Promise<boolean> {
  const { rows } = await ctx.db.query(
    "SELECT 1 FROM nodes WHERE id = ANY($1::int[]) AND status = 'error' LIMIT 1",
    [taskNodeIds(task)],
  );
  return rows.length > 0;
}

/**
 * The run ended: a task that no phase closed (stop, reset) is reported done over its nodes,
 * which its receiver settles (nodes back to discover, the environment stopped or new).
 */
async function finish(ctx: CoreContext, uuid: string) {
  const task = await findTask(ctx, uuid);
  const method = METHOD_OF_TASK[task.name];
  if (!method || task.status === 'ready' || task.status === 'error') return {};
  const nodes = taskNodeIds(task).map((id) => ({ uid: String(id) }));
  await applyProgress(ctx, {
    method,
    args: { task_uuid: uuid, status: 'ready', progress: 100, nodes },
  });

  return {};
}

/**
 * The run ended early: its first unfinished task fails as Astute reported failures, naming the
 * failed nodes ("Deployment has failed. Check these nodes: ...") when the workflow stopped on
 * their account, or quoting the error otherwise. The parent task follows by its rules.
 */
async function abort(ctx: CoreContext, uuid: string, payload: Payload) {
  const top = await findTask(ctx, uuid);
  const { rows } = await ctx.db.query<TaskRow>(
    `SELECT * FROM tasks WHERE parent_id = $1 AND status IN ('pending', 'running')
     ORDER BY id LIMIT 1`,
    [top.id],
  );
  const task = rows[0] ?? top;
  const method = METHOD_OF_TASK[task.name];
  const fromNodes = (Object.values(MACHINE_ERRORS) as string[]).includes(String(payload.error));
  const error = fromNodes ? null : (causeMessage(payload.cause) ?? String(payload.error));
  if (method) {
    await applyProgress(ctx, {
      method,
      args: { task_uuid: task.uuid, status: 'error', progress: 100, ...(error ? { error } : {}) },
    });
  } else {
    await ctx.db.transaction(async (tx) => {
      const locked = await lockTaskByUuid(tx, task.uuid);
      if (locked)
        await changeTask(tx, locked, { status: 'error', message: error ?? 'Task aborted' });
    });
  }

  return {};
}

/** The message inside a Step Functions error cause (JSON from the relay, or plain text). */
function causeMessage(cause: unknown): string | undefined {
  if (typeof cause !== 'string' || cause === '') return undefined;
  try {
    const parsed = JSON.parse(cause) as { message?: unknown; errorMessage?: unknown };
    const text = parsed.message ?? parsed.errorMessage;
    return typeof text === 'string' ? text : cause;
  } catch {
    return cause;
  }
}
