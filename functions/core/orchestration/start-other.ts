import { hasActiveTask, lockCluster } from '../clusters/repository.js';
import { InvalidData, NotAllowed, notFound } from '../errors.js';
import type { NodeRow } from '../nodes/model.js';
import { listNodes } from '../nodes/repository.js';
import { insertTask, type TaskRow } from '../tasks/model.js';
import type { OrchestrationContext } from './context.js';
import type { MachineName } from './executor.js';
import { launch } from './launch.js';
import { checkBeforeDeployment } from './prechecks.js';
import { serializeRun } from './serialize-run.js';
import { groupsCache, lockForRun, markStarting } from './start-changes.js';
import { rejectTask } from './task-state.js';

/** Picks the nodes named by `?nodes=` among the environment's, or the default ones. */
function pick(
  all: NodeRow[],
  ids: number[] | undefined,
  fallback: (n: NodeRow) => boolean,
  clusterId: number,
) {
  if (!ids) return all.filter(fallback);
  const known = new Map(all.map((n) => [n.id, n]));
  const missing = ids.filter((id) => !known.has(id));
  if (missing.length > 0) {
    throw new InvalidData(
      `Nodes [${missing.join(', ')}] are not members of environment ${clusterId}.`,
    );
  }
  return ids.map((id) => known.get(id) as NodeRow);
}

/** PUT /clusters/{id}/provision?nodes=: a top-level provision task. */
export async function provisionNodes(
  ctx: OrchestrationContext,
  clusterId: number,
  nodeIds?: number[],
): Promise<TaskRow> {
  const prepared = await ctx.db.transaction(async (tx) => {
    const { cluster } = await lockForRun(tx, clusterId);
    const nodes = pick(
      await listNodes(tx, clusterId),
      nodeIds,
      (n) => n.pending_addition || (n.status === 'error' && n.error_type === 'provision'),
      clusterId,
    );
    if (nodes.length === 0) throw new InvalidData('No nodes to provision');
    const task = await insertTask(tx, {
      name: 'provision',
      clusterId,
      cache: { nodes: nodes.map((n) => n.id) },
    });
    await tx.query("UPDATE clusters SET status = 'deployment' WHERE id = $1", [clusterId]);
    await markStarting(tx, nodes, []);
    await tx.query('UPDATE nodes SET pending_addition = false WHERE id = ANY($1::int[])', [
      nodes.map((n) => n.id),
    ]);
    await serializeRun(tx, ctx.settings, clusterId, { taskId: task.id, nodes }, undefined);
    return { task, previous: cluster.status };
  });

  return launch(ctx, 'provision', prepared.task, prepared.previous);
}

/** PUT /clusters/{id}/deploy?nodes=: a top-level deployment task over provisioned nodes. */
export async function deployNodes(
  ctx: OrchestrationContext,
  clusterId: number,
  nodeIds?: number[],
): Promise<TaskRow> {
  const prepared = await ctx.db.transaction(async (tx) => {
    const { cluster, release } = await lockForRun(tx, clusterId);
    const nodes = pick(
      await listNodes(tx, clusterId),
      nodeIds,
      (n) => !n.pending_deletion,
      clusterId,
    );
    const unprovisioned = nodes.filter(
      (n) =>
        ['discover', 'provisioning'].includes(n.status) ||
        (n.status === 'error' && n.error_type === 'provision'),
    );
    if (unprovisioned.length > 0) {
      throw new InvalidData(
        `Deployment operation cannot be started. Nodes with uids ${uids(unprovisioned)} ` +
          'are not provisioned yet. ',
      );
    }
    const deleting = nodes.filter((n) => n.pending_deletion);
    if (deleting.length > 0) {
      throw new InvalidData(
        `Deployment operation cannot be started. Nodes with uids ${uids(deleting)} ` +
          'marked for deletion. ',
      );
    }
    if (nodes.length === 0) throw new InvalidData('No nodes to deploy');
    const task = await insertTask(tx, {
      name: 'deployment',
      clusterId,
      cache: { nodes: nodes.map((n) => n.id), groups: groupsCache(release, nodes) },
    });
    const failure = checkBeforeDeployment(cluster, release, nodes);
    if (failure) return { task: await rejectTask(tx, task.id, failure), previous: null };
    await tx.query("UPDATE clusters SET status = 'deployment' WHERE id = $1", [clusterId]);
    await markStarting(tx, [], nodes);
    await serializeRun(tx, ctx.settings, clusterId, undefined, { taskId: task.id, nodes });
    return { task, previous: cluster.status };
  });
  if (prepared.previous === null) return prepared.task;

  return launch(ctx, 'deploy', prepared.task, prepared.previous);
}

function uids(nodes: NodeRow[]): string {
  return `[${nodes.map((n) => `'${n.id}'`).join(', ')}]`;
}

/**
 * PUT /clusters/{id}/stop_deployment: aborts the running execution, then a stop run halts
 * Puppet on deploying nodes and erases provisioning ones back to bootstrap.
 */
export async function stopDeployment(
  ctx: OrchestrationContext,
  clusterId: number,
): Promise<TaskRow> {
  const prepared = await ctx.db.transaction(async (tx) => {
    const cluster = await lockCluster(tx, clusterId);
    const { rows } = await tx.query<TaskRow & { execution_id: string | null }>(
      `SELECT * FROM tasks WHERE cluster_id = $1 AND parent_id IS NULL AND deleted_at IS NULL
         AND status IN ('pending', 'running') ORDER BY id`,
      [clusterId],
    );
    if (rows.some((t) => t.name === 'stop_deployment')) {
      throw new InvalidData('Stopping deployment task is already launched', { plainText: true });
    }
    const running = rows.filter((t) => ['deploy', 'deployment', 'provision'].includes(t.name));
    if (running.length === 0) {
      throw new InvalidData(
        `Nothing to stop - deployment is not running on environment '${cluster.name}'`,
      );
    }
    const nodes = (await listNodes(tx, clusterId)).filter(
      (n) =>
        ['provisioning', 'provisioned', 'deploying', 'ready', 'error'].includes(n.status) ||
        n.progress > 0,
    );
    const task = await insertTask(tx, {
      name: 'stop_deployment',
      clusterId,
      cache: { nodes: nodes.map((n) => n.id), stopped: running.map((t) => t.id) },
    });
    return { task, executions: running.flatMap((t) => (t.execution_id ? [t.execution_id] : [])) };
  });
  for (const id of prepared.executions) {
    await ctx.orchestration.executor.stop(id, {
      error: 'Stopped',
      cause: 'Deployment stopped by operator',
    });
  }

  return launch(ctx, 'stop', prepared.task, null);
}

/** PUT /clusters/{id}/reset: every node back to bootstrap, the environment new again. */
export async function resetEnvironment(
  ctx: OrchestrationContext,
  clusterId: number,
): Promise<TaskRow> {
  return startRemoval(ctx, clusterId, 'reset_environment', 'reset', undefined);
}

/**
 * DELETE /nodes (nodes of an environment) and DELETE /clusters/{id}: a removal run erases the
 * nodes and removes their Cobbler systems; its receiver deletes the rows (and the environment).
 */
export async function startRemoval(
  ctx: OrchestrationContext,
  clusterId: number,
  name: 'node_deletion' | 'cluster_deletion' | 'reset_environment',
  machine: MachineName,
  nodeIds: number[] | undefined,
): Promise<TaskRow> {
  const task = await ctx.db.transaction(async (tx) => {
    const cluster = await lockCluster(tx, clusterId);
    if (await hasActiveTask(tx, clusterId)) {
      if (name === 'node_deletion') {
        throw new NotAllowed('Cannot perform the actions because there are running tasks.');
      }
      throw new InvalidData(
        name === 'cluster_deletion'
          ? `Can't delete environment '${clusterId}' when running deployment task exists.`
          : `Can't reset environment '${clusterId}' when running deployment task exists.`,
        { plainText: true },
      );
    }
    const all = await listNodes(tx, clusterId);
    const nodes = nodeIds ? all.filter((n) => nodeIds.includes(n.id)) : all;
    if (nodeIds && nodes.length !== nodeIds.length) throw notFound('Node');
    if (name === 'cluster_deletion') {
      await tx.query("UPDATE clusters SET status = 'remove' WHERE id = $1", [clusterId]);
    }
    if (name === 'node_deletion') {
      await tx.query(
        "UPDATE nodes SET pending_deletion = true, status = 'removing' WHERE id = ANY($1::int[])",
        [nodes.map((n) => n.id)],
      );
    }
    ctx.logger.info('removal planned', { cluster_id: cluster.id, nodes: nodes.length, task: name });
    return insertTask(tx, { name, clusterId, cache: { nodes: nodes.map((n) => n.id) } });
  });

  return launch(ctx, machine, task, null);
}
