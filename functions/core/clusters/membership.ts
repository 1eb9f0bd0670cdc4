import type { Queryable } from '../../db/database.js';
import { AlreadyExists, InvalidData } from '../errors.js';
import { clearClusterChanges } from './changes.js';
import {
  attachNodes,
  detachNodes,
  hostnamesInUse,
  listMemberIds,
  lockMemberCandidates,
  type MemberCandidate,
} from './members.js';

/**
 * Makes `nodeIds` the environment's nodes (Nailgun's `update_nodes`): nodes not listed leave
 * it, listed ones join its default node group. Joining nodes must exist, be online and belong
 * to no other environment, and their hostnames must be free in the environment.
 */
export async function replaceMembers(
  tx: Queryable,
  clusterId: number,
  defaultGroupId: number | null,
  nodeIds: number[],
): Promise<void> {
  const wanted = [...new Set(nodeIds)];
  const candidates = await lockMemberCandidates(tx, wanted);
  checkCandidates(clusterId, wanted, candidates);
  const current = await listMemberIds(tx, clusterId);
  const joining = candidates.filter((node) => node.cluster_id !== clusterId);
  const leaving = current.filter((id) => !wanted.includes(id));
  checkOnline(joining);
  await checkHostnames(tx, clusterId, joining, leaving);

  if (leaving.length > 0) {
    await detachNodes(tx, leaving);
    await clearClusterChanges(tx, clusterId, leaving);
  }
  if (joining.length > 0) {
    await attachNodes(
      tx,
      clusterId,
      defaultGroupId,
      joining.map((node) => node.id),
    );
  }
}

function checkCandidates(clusterId: number, wanted: number[], found: MemberCandidate[]): void {
  const missing = wanted.filter((id) => !found.some((node) => node.id === id));
  if (missing.length > 0) {
    throw new InvalidData(`Nodes with ids ${missing.join(', ')} were not found.`);
  }
  const taken = found.filter((node) => node.cluster_id !== null && node.cluster_id !== clusterId);
  if (taken.length > 0) {
    const ids = taken.map((node) => node.id).join(', ');
    throw new InvalidData(`Nodes with ids ${ids} already belong to another environment.`);
  }
}

function checkOnline(joining: MemberCandidate[]): void {
  const offline = joining.find((node) => !node.online);
  if (offline) {
    throw new InvalidData(`Cannot add offline node '${offline.id}' to environment`);
  }
}

async function checkHostnames(
  tx: Queryable,
  clusterId: number,
  joining: MemberCandidate[],
  leaving: number[],
): Promise<void> {
  const hostnames = joining.map((node) => node.hostname);
  const repeated = hostnames.filter((name, i) => hostnames.indexOf(name) !== i);
  const clashes = [...repeated, ...(await hostnamesInUse(tx, clusterId, hostnames, leaving))];
  if (clashes.length > 0) {
    throw new AlreadyExists(
      `Nodes with hostnames [${[...new Set(clashes)].join(',')}] already exist in cluster ${clusterId}.`,
    );
  }
}
