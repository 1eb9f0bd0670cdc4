import type { Queryable } from '../../db/database.js';
import { hasActiveTask, lockCluster } from '../clusters/repository.js';
import { InvalidData } from '../errors.js';
import type { NodeRow } from '../nodes/model.js';
import { listNodes } from '../nodes/repository.js';
import { getRelease, type ReleaseRow } from '../releases/repository.js';
import { insertTask, type TaskRow } from '../tasks/model.js';
import type { OrchestrationContext } from './context.js';
import { launch } from './launch.js';
import { deployGroups, planChanges } from './plan.js';
import { checkBeforeDeployment } from './prechecks.js';
import { serializeRun } from './serialize-run.js';
import { rejectTask } from './task-state.js';

/** Subtask weights of Nailgun's deploy supertask (§8.3). */
export const WEIGHTS = { node_deletion: 0.4, provision: 0.4, deployment: 1.0 } as const;

/**
 * PUT /clusters/{id}/changes: builds the deploy supertask with its node_deletion, provision and
 * deployment subtasks, checks the environment, freezes the facts and starts the execution.
 * A failed pre-check ends the supertask in error and leaves the environment as it was.
 */
export async function deployChanges(
  ctx: OrchestrationContext,
  clusterId: number,
): Promise<TaskRow> {
  const prepared = await ctx.db.transaction(async (tx) => {
    const { cluster, release } = await lockForRun(tx, clusterId);
    const nodes = await listNodes(tx, clusterId);
    const plan = planChanges(nodes);
    if (plan.toDelete.length + plan.toProvision.length + plan.toDeploy.length === 0) {
      throw new InvalidData('No changes to deploy');
    }
    const supertask = await insertTask(tx, {
      name: 'deploy',
      clusterId,
      cache: { previous_cluster_status: cluster.status },
    });
    // A run that only removes nodes deploys nothing, so there is nothing to check.
    const failure =
      plan.toDeploy.length > 0 ? checkBeforeDeployment(cluster, release, plan.toDeploy) : undefined;
    if (failure) return { task: await rejectTask(tx, supertask.id, failure), start: false };

    await tx.query("UPDATE clusters SET status = 'deployment' WHERE id = $1", [clusterId]);
    const sub = async (name: keyof typeof WEIGHTS, list: NodeRow[], extra: object = {}) =>
      list.length === 0
        ? undefined
        : insertTask(tx, {
            name,
            clusterId,
            parentId: supertask.id,
            weight: WEIGHTS[name],
            cache: { nodes: list.map((n) => n.id), ...extra },
          });
    await sub('node_deletion', plan.toDelete);
    const provision = await sub('provision', plan.toProvision);
    const deployment = await sub('deployment', plan.toDeploy, {
      groups: groupsCache(release, plan.toDeploy),
    });
    await markStarting(tx, plan.toProvision, plan.toDeploy);
    await serializeRun(
      tx,
      ctx.settings,
      clusterId,
      provision && { taskId: provision.id, nodes: plan.toProvision },
      deployment && { taskId: deployment.id, nodes: plan.toDeploy },
    );
    return { task: supertask, start: true, previous: cluster.status };
  });

  if (!prepared.start) return prepared.task;
  return launch(ctx, 'deploy-changes', prepared.task, prepared.previous ?? null);
}

/**
 * Locks the environment for a new run: it exists, its release may deploy, and no other task of
 * it is pending or running (Nailgun answers the latter as text/plain).
 */
export async function lockForRun(tx: Queryable, clusterId: number) {
  const cluster = await lockCluster(tx, clusterId);
  const release: ReleaseRow = await getRelease(tx, cluster.release_id);
  if (release.state === 'unavailable') {
    throw new InvalidData(`Release '${release.name} ${release.version}' is unavailable!`);
  }
  if (await hasActiveTask(tx, clusterId)) {
    throw new InvalidData('Cannot perform the actions because there are another running tasks.', {
      plainText: true,
    });
  }

  return { cluster, release };
}

/** The deployment groups in the order they run, kept in the deployment task's cache. */
export function groupsCache(release: ReleaseRow, nodes: NodeRow[]) {
  return deployGroups(release, nodes).map((g) => ({
    name: g.name,
    nodes: g.nodes.map((n) => n.id),
  }));
}

/**
 * Nodes to provision start over (provisioning, no error); nodes to deploy get their pending
 * roles and restart at 0 % (a failed deployment's nodes count as provisioned again).
 */
export async function markStarting(
  tx: Queryable,
  toProvision: NodeRow[],
  toDeploy: NodeRow[],
): Promise<void> {
  await tx.query(
    `UPDATE nodes SET status = 'provisioning', progress = 0, error_type = NULL, error_msg = NULL
     WHERE id = ANY($1::int[])`,
    [toProvision.map((n) => n.id)],
  );
  await tx.query(
    `UPDATE nodes SET roles = ARRAY(SELECT DISTINCT unnest(roles || pending_roles) ORDER BY 1),
       pending_roles = '{}', pending_addition = false, progress = 0,
       status = CASE WHEN status = 'error' AND error_type IS DISTINCT FROM 'provision'
                     THEN 'provisioned' ELSE status END,
       error_type = NULL, error_msg = NULL
     WHERE id = ANY($1::int[]) AND NOT (id = ANY($2::int[]))`,
    [toDeploy.map((n) => n.id), toProvision.map((n) => n.id)],
  );
  await tx.query(
    `UPDATE nodes SET roles = ARRAY(SELECT DISTINCT unnest(roles || pending_roles) ORDER BY 1),
       pending_roles = '{}', pending_addition = false
     WHERE id = ANY($1::int[])`,
    [toProvision.filter((n) => toDeploy.includes(n)).map((n) => n.id)],
  );
}
