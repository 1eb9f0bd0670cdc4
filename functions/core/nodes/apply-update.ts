import type { Queryable } from '../../db/database.js';
import type { CoreContext } from '../context.js';
import { InvalidData } from '../errors.js';
import { findRoleContext } from '../roles/context.js';
import { validateRoles } from '../roles/validate.js';
import { checkGroup } from './group.js';
import { checkHostname } from './hostname.js';
import { addNodeChanges, clusterExists, joinCluster, leaveCluster } from './membership.js';
import { metaForUpdate } from './meta.js';
import type { NodeRow, NodeStatus } from './model.js';
import { syncNics } from './nic-sync.js';
import { nicsFromMeta } from './nics.js';
import { type NodeChanges, updateNodeRow } from './repository.js';
import type { NodeUpdate } from './update-payload.js';

/** Where the update moves the node: undefined keeps it, null takes it out of its environment. */
function requestedCluster(patch: NodeUpdate): number | null | undefined {
  return patch.cluster_id !== undefined ? patch.cluster_id : patch.cluster;
}

async function checkRoles(
  db: Queryable,
  node: NodeRow,
  clusterId: number | null,
  patch: NodeUpdate,
): Promise<void> {
  const lists = [patch.roles, patch.pending_roles].filter((l) => l !== undefined && l.length > 0);
  if (lists.length === 0) return;
  if (clusterId === null) {
    throw new InvalidData(
      `Cannot assign pending_roles to node ${node.id}. Node doesn't belong to any cluster.`,
    );
  }
  const context = await findRoleContext(db, clusterId);
  if (!context) throw new InvalidData(`Cluster ${clusterId} not found`);
  for (const roles of lists) validateRoles(context, node.id, roles as string[], 'node-update');
}

async function moveNode(
  db: Queryable,
  node: NodeRow,
  target: number | null | undefined,
): Promise<void> {
  if (target === undefined || target === node.cluster_id) return;
  if (node.cluster_id !== null && target !== null) {
    throw new InvalidData('Changing cluster on the fly is not allowed');
  }
  if (target === null) return leaveCluster(db, [node.id]);
  if (!(await clusterExists(db, target))) throw new InvalidData(`Cluster ${target} not found`);
  await joinCluster(db, target, [node.id]);
}

function columnChanges(node: NodeRow, patch: NodeUpdate): NodeChanges {
  const meta = patch.meta && Object.keys(patch.meta).length > 0 ? patch.meta : undefined;
  return {
    name: patch.name,
    hostname: patch.hostname,
    status: patch.status,
    error_type: patch.error_type,
    progress: patch.progress,
    online: patch.online,
    roles: patch.roles,
    pending_roles: patch.pending_roles,
    pending_addition: patch.pending_addition,
    pending_deletion: patch.pending_deletion,
    labels: patch.labels,
    kernel_params: patch.kernel_params,
    manufacturer: patch.manufacturer,
    platform_name: patch.platform_name,
    os_platform: patch.os_platform,
    group_id: patch.group_id,
    meta: meta ? metaForUpdate(meta, node.meta) : undefined,
  };
}

/** Statuses in which the API (not the agent) may change a node's NICs (reference §8.1). */
const NICS_UNLOCKED: ReadonlySet<NodeStatus> = new Set(['discover', 'error', 'stopped', 'ready']);

function nicsUnlocked(node: NodeRow): boolean {
  if (!NICS_UNLOCKED.has(node.status)) return false;
  return node.status !== 'error' || node.error_type === 'discover' || node.error_type === 'deploy';
}

async function afterwards(
  ctx: CoreContext,
  tx: Queryable,
  before: NodeRow,
  after: NodeRow,
  metaChanged: boolean,
): Promise<void> {
  const rolesChanged =
    before.roles.join() !== after.roles.join() ||
    before.pending_roles.join() !== after.pending_roles.join();
  const groupChanged = before.group_id !== after.group_id && before.cluster_id === after.cluster_id;
  if (after.cluster_id !== null && (rolesChanged || groupChanged)) {
    await addNodeChanges(tx, after.cluster_id, [after.id]);
  }
  if (groupChanged) {
    await tx.query(
      `DELETE FROM nic_network_assignments WHERE interface_id IN
         (SELECT id FROM node_nic_interfaces WHERE node_id = $1)`,
      [after.id],
    );
  }
  if (metaChanged && nicsUnlocked(before)) {
    const nics = nicsFromMeta(after.meta, after);
    if (nics.some((n) => n.mac === after.mac)) await syncNics(tx, ctx.logger, after.id, nics);
  }
}

/**
 * Applies an operator's partial node to `node` inside `tx`, after Nailgun's checks: hostname,
 * roles against the target environment's release, node group, and no move between two
 * environments. Joining or leaving an environment happens as assignment and unassignment do.
 */
export async function applyNodeUpdate(
  ctx: CoreContext,
  tx: Queryable,
  node: NodeRow,
  patch: NodeUpdate,
): Promise<NodeRow> {
  const target = requestedCluster(patch);
  if (patch.hostname !== undefined) {
    await checkHostname(tx, node, patch.hostname, ctx.settings.dnsDomain);
  }
  await checkRoles(tx, node, target === undefined ? node.cluster_id : target, patch);
  if (patch.group_id !== undefined) await checkGroup(tx, node, patch.group_id);
  await moveNode(tx, node, target);
  const changes = columnChanges(node, patch);
  const after = await updateNodeRow(tx, node.id, changes);
  await afterwards(ctx, tx, node, after, changes.meta !== undefined);
  return after;
}
