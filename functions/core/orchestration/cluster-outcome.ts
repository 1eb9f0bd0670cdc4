import type { Queryable } from '../../db/database.js';
import type { TaskRow } from '../tasks/model.js';

/** Node ids a task works on, recorded in its cache when it was created. */
export function taskNodeIds(task: Pick<TaskRow, 'cache'>): number[] {
  const nodes = (task.cache as { nodes?: unknown } | null)?.nodes;
  return Array.isArray(nodes) ? nodes.filter((n): n is number => Number.isInteger(n)) : [];
}

/**
 * What a finished task means for its environment and nodes (reference §8.1, §8.2). Runs once,
 * when the task reaches ready or error; stop, reset and removal settle their own state in
 * their receivers.
 */
export async function applyClusterOutcome(tx: Queryable, task: TaskRow): Promise<void> {
  if (task.cluster_id === null) return;
  const nodes = taskNodeIds(task);

  if (task.name === 'provision') {
    if (task.status === 'error') {
      await failNodesIn(tx, task.cluster_id, nodes, 'provisioning', 'provision');
      await setClusterStatus(tx, task.cluster_id, 'error');
    } else {
      // §8.2: also the provision subtask of a full deploy shows the environment
      // partially_deployed until its deployment subtask ends.
      await setClusterStatus(tx, task.cluster_id, 'partially_deployed');
    }
    return;
  }
  if (task.name === 'deployment') {
    if (task.status === 'error') {
      await failNodesIn(tx, task.cluster_id, nodes, 'deploying', 'deploy');
      await setClusterStatus(tx, task.cluster_id, 'error');
      return;
    }
    await settleDeployed(tx, task.cluster_id, nodes);
    return;
  }
  if (task.name === 'deploy' && task.status === 'error') {
    await setClusterStatus(tx, task.cluster_id, 'error');
  } else if (task.name === 'deploy') {
    // A run that only removed nodes has no deployment subtask to settle the environment.
    const { rows } = await tx.query(
      "SELECT 1 FROM tasks WHERE parent_id = $1 AND name = 'deployment'",
      [task.id],
    );
    if (rows.length === 0) await settleDeployed(tx, task.cluster_id, []);
  }
}

async function failNodesIn(
  tx: Queryable,
  clusterId: number,
  nodeIds: number[],
  status: 'provisioning' | 'deploying',
  errorType: 'provision' | 'deploy',
): Promise<void> {
  await tx.query(
    `UPDATE nodes SET status = 'error', error_type = $4, progress = 100,
       error_msg = coalesce(error_msg, 'Task aborted')
     WHERE cluster_id = $1 AND id = ANY($2::int[]) AND status = $3`,
    [clusterId, nodeIds, status, errorType],
  );
}

/**
 * A deployment that succeeded: nodes still deploying are ready, the environment is operational
 * when all its nodes are ready (else partially deployed), its pending changes are cleared and
 * what was deployed is kept for GET .../attributes/deployed.
 */
async function settleDeployed(tx: Queryable, clusterId: number, nodeIds: number[]): Promise<void> {
  await tx.query(
    `UPDATE nodes SET status = 'ready', progress = 100, error_type = NULL, error_msg = NULL
     WHERE cluster_id = $1 AND id = ANY($2::int[]) AND status IN ('deploying', 'provisioned')`,
    [clusterId, nodeIds],
  );
  const { rows } = await tx.query<{ unmet: number }>(
    `SELECT count(*) FILTER (WHERE status <> 'ready')::int AS unmet FROM nodes
     WHERE cluster_id = $1 AND NOT pending_deletion`,
    [clusterId],
  );
  const status = (rows[0]?.unmet ?? 0) === 0 ? 'operational' : 'partially_deployed';
  await tx.query(
    `UPDATE clusters SET status = $2,
       generated_attributes = jsonb_set(generated_attributes, '{deployed_before}',
         '{"value": true}'::jsonb, true),
       deployed_attributes = jsonb_build_object('editable', editable_attributes),
       deployed_network_configuration = jsonb_build_object(
         'networking_parameters', networking_parameters)
     WHERE id = $1`,
    [clusterId, status],
  );
  await tx.query('DELETE FROM cluster_changes WHERE cluster_id = $1', [clusterId]);
}

export async function setClusterStatus(
  tx: Queryable,
  clusterId: number,
  status: string,
): Promise<void> {
  await tx.query('UPDATE clusters SET status = $2 WHERE id = $1', [clusterId, status]);
}
