import { createNotification } from '../../core/notifications/create.js';
import { changeTask } from '../../core/orchestration/task-state.js';
import type { Queryable } from '../../db/database.js';
import type { ReceiverInput, ReportedNode } from '../types.js';
import { reportedNodeId } from '../types.js';

/**
 * remove_nodes_resp (§6.5): removed and unreachable nodes leave the database, nodes that could
 * not be erased go to error; the task message counts both.
 */
export async function removeNodesResp({ tx, task, args }: ReceiverInput): Promise<void> {
  const removed = ids(args.nodes);
  const unreachable = ids(args.inaccessible_nodes);
  const failed = args.error_nodes ?? [];
  await tx.query('DELETE FROM nodes WHERE id = ANY($1::int[])', [[...removed, ...unreachable]]);
  const failedNames = await markFailed(tx, failed);

  let success = 'No nodes were removed';
  let errors = 'No errors occurred';
  if (removed.length > 0) {
    success = `Successfully removed ${removed.length} node(s)`;
    await createNotification(tx, { topic: 'done', message: success, clusterId: task.cluster_id });
  }
  if (failed.length > 0) {
    errors = `Failed to remove ${failed.length} node(s): ${failedNames.join(', ')}`;
    await createNotification(tx, { topic: 'error', message: errors, clusterId: task.cluster_id });
  }
  const finished = args.status === 'ready' || args.status === 'error';
  await changeTask(tx, task, {
    ...(args.status === 'ready' || args.status === 'error' || args.status === 'running'
      ? { status: args.status }
      : {}),
    ...(finished
      ? { progress: 100 }
      : args.progress === undefined
        ? {}
        : { progress: args.progress }),
    message: args.error || `${success}. ${errors}`,
  });
}

function ids(nodes: ReportedNode[] | undefined): number[] {
  return (nodes ?? []).flatMap((n) => {
    const id = reportedNodeId(n);
    return id === undefined ? [] : [id];
  });
}

async function markFailed(tx: Queryable, nodes: ReportedNode[]): Promise<string[]> {
  const names: string[] = [];
  for (const node of nodes) {
    const id = reportedNodeId(node);
    const { rows } =
      id === undefined
        ? { rows: [] }
        : await tx.query<{ name: string }>(
            `UPDATE nodes SET status = 'error', error_type = 'deletion', pending_deletion = false,
               error_msg = coalesce($2, error_msg)
             WHERE id = $1 RETURNING name`,
            [id, node.error ?? node.error_msg ?? null],
          );
    names.push(rows[0]?.name ?? `ID: ${node.uid}`);
  }

  return names;
}

/** remove_cluster_resp: the node removal, then the environment itself once it succeeded. */
export async function removeClusterResp(input: ReceiverInput): Promise<void> {
  await removeNodesResp(input);
  const { tx, task } = input;
  const current = (
    await tx.query<{ status: string; message: string | null }>(
      'SELECT status, message FROM tasks WHERE id = $1',
      [task.id],
    )
  ).rows[0];
  if (task.cluster_id === null || !current) return;
  const cluster = (
    await tx.query<{ name: string }>('SELECT name FROM clusters WHERE id = $1', [task.cluster_id])
  ).rows[0];
  if (!cluster) return;

  if (current.status === 'ready') {
    await tx.query('DELETE FROM clusters WHERE id = $1', [task.cluster_id]);
    await createNotification(tx, {
      topic: 'done',
      message: `Environment '${cluster.name}' and all its nodes are deleted`,
    });
  } else if (current.status === 'error') {
    await tx.query("UPDATE clusters SET status = 'error' WHERE id = $1", [task.cluster_id]);
    await createNotification(tx, {
      topic: 'error',
      message: current.message ?? `Failed to delete environment '${cluster.name}'`,
      clusterId: task.cluster_id,
    });
  }
}
