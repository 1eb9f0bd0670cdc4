import type { Queryable } from '../../db/database.js';
import type { CoreContext } from '../context.js';
import { AlreadyExists, InvalidData, notFound } from '../errors.js';
import { findRoleContext, type RoleContext } from '../roles/context.js';
import { validateRoles } from '../roles/validate.js';
import { addNodeChanges, joinCluster } from './membership.js';
import { effectiveHostname, type NodeRow } from './model.js';
import { lockNodes } from './repository.js';

/** One entry of the assignment body: a node and the roles it is to get. */
export interface Assignment {
  id: number;
  roles: string[];
}

/** Ids asked for but not found, as Nailgun words it. */
export function checkAllFound(ids: number[], nodes: NodeRow[]): void {
  const found = new Set(nodes.map((n) => n.id));
  const missing = ids.filter((id) => !found.has(id));
  if (missing.length > 0) {
    throw new InvalidData(`Nodes with ids ${missing.join(', ')} were not found.`);
  }
}

function checkJoinable(clusterId: number, nodes: NodeRow[]): void {
  for (const node of nodes) {
    if (node.cluster_id !== null && node.cluster_id !== clusterId) {
      throw new InvalidData('Changing cluster on the fly is not allowed');
    }
    if (node.cluster_id === null && !node.online) {
      throw new InvalidData(`Cannot add offline node '${node.id}' to environment`);
    }
  }
}

async function checkHostnames(db: Queryable, clusterId: number, nodes: NodeRow[]): Promise<void> {
  const { rows } = await db.query<{ hostname: string }>(
    `SELECT coalesce(hostname, 'node-' || id::text) AS hostname FROM nodes
     WHERE cluster_id = $1 AND id <> ALL($2::int[])
       AND coalesce(hostname, 'node-' || id::text) = ANY($3::text[])
     ORDER BY id`,
    [clusterId, nodes.map((n) => n.id), nodes.map(effectiveHostname)],
  );
  if (rows.length > 0) {
    throw new AlreadyExists(
      `Nodes with hostnames [${rows.map((r) => r.hostname).join(', ')}] already exist in cluster ${clusterId}.`,
    );
  }
}

async function validate(
  tx: Queryable,
  context: RoleContext,
  wanted: Map<number, string[]>,
): Promise<NodeRow[]> {
  const ids = [...wanted.keys()];
  const nodes = await lockNodes(tx, ids);
  checkAllFound(ids, nodes);
  checkJoinable(context.clusterId, nodes);
  await checkHostnames(tx, context.clusterId, nodes);
  for (const node of nodes)
    validateRoles(context, node.id, wanted.get(node.id) ?? [], 'assignment');
  return nodes;
}

/**
 * `POST /clusters/{id}/assignment`: gives nodes pending roles in an environment. Nodes new to
 * it join it (default node group, pending addition, pending interface and disk changes); nodes
 * already in it only get their pending roles replaced. All or nothing.
 */
export async function assignNodes(
  ctx: CoreContext,
  clusterId: number,
  assignments: Assignment[],
): Promise<void> {
  const wanted = new Map(assignments.map((a) => [a.id, a.roles]));
  await ctx.db.transaction(async (tx) => {
    const context = await findRoleContext(tx, clusterId);
    if (!context) throw notFound('Cluster');
    const nodes = await validate(tx, context, wanted);
    const joining = nodes.filter((n) => n.cluster_id === null).map((n) => n.id);
    await joinCluster(tx, clusterId, joining);
    await tx.query(
      `UPDATE nodes n SET pending_roles = x.roles,
         pending_addition = n.pending_addition OR n.id = ANY($2::int[])
       FROM jsonb_to_recordset($1::jsonb) AS x(id integer, roles text[])
       WHERE n.id = x.id`,
      [JSON.stringify([...wanted].map(([id, roles]) => ({ id, roles }))), joining],
    );
    await addNodeChanges(tx, clusterId, [...wanted.keys()]);
  });
  ctx.logger.info('nodes assigned', { cluster_id: clusterId, node_ids: [...wanted.keys()] });
}
