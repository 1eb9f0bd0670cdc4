import type { NodeRow } from '../nodes/model.js';
import type { ReleaseRow } from '../releases/repository.js';
import { deployedRoles } from './facts/snapshot.js';

/** Which nodes a "deploy changes" touches (reference §4.3). */
export interface ChangesPlan {
  toDelete: NodeRow[];
  toProvision: NodeRow[];
  toDeploy: NodeRow[];
}

const needsReprovision = (n: NodeRow) =>
  n.status === 'error' && n.error_type === 'provision' && !n.pending_deletion;
const needsRedeletion = (n: NodeRow) => n.status === 'error' && n.error_type === 'deletion';

/**
 * Nodes to delete (pending deletion, or a deletion that failed), to provision (new, or a
 * provisioning that failed) and to deploy. Releases from 9.0 on are "LCM": every node that
 * stays is deployed again, which Puppet makes harmless, so the environment converges.
 */
export function planChanges(nodes: NodeRow[]): ChangesPlan {
  const byId = (a: NodeRow, b: NodeRow) => a.id - b.id;
  const staying = nodes.filter((n) => !n.pending_deletion && !needsRedeletion(n));
  return {
    toDelete: nodes.filter((n) => n.pending_deletion || needsRedeletion(n)).sort(byId),
    toProvision: staying.filter((n) => n.pending_addition || needsReprovision(n)).sort(byId),
    toDeploy: staying.sort(byId),
  };
}

/** A deployment group: nodes deployed together, after every group of a lower priority. */
export interface DeployGroup {
  name: string;
  priority: number;
  nodes: NodeRow[];
}

/** Priorities of the release's `group` tasks (controllers first), with Fuel's defaults. */
function groupPriorities(release: ReleaseRow): Map<string, number> {
  const priorities = new Map<string, number>([
    ['primary-mongo', 50],
    ['mongo', 75],
    ['primary-controller', 100],
    ['controller', 200],
  ]);
  for (const task of release.deployment_tasks as {
    type?: string;
    id?: string;
    parameters?: { priority?: number };
    priority?: number;
  }[]) {
    const priority = task.parameters?.priority ?? task.priority;
    if (task.type === 'group' && task.id && typeof priority === 'number') {
      priorities.set(task.id, priority);
    }
  }

  return priorities;
}

/**
 * Orders nodes into groups by their most urgent role: the first controller (by id) alone as
 * primary-controller, then the other controllers, then the rest by their roles' priority.
 */
export function deployGroups(release: ReleaseRow, nodes: NodeRow[]): DeployGroup[] {
  const priorities = groupPriorities(release);
  const groups = new Map<string, DeployGroup>();
  let primaryTaken = false;
  for (const node of [...nodes].sort((a, b) => a.id - b.id)) {
    const roles = deployedRoles(node);
    let name =
      roles
        .map((r) => (r === 'mongo' ? 'mongo' : r))
        .sort((a, b) => (priorities.get(a) ?? 300) - (priorities.get(b) ?? 300))[0] ?? 'base-os';
    if (name === 'controller' && !primaryTaken) {
      name = 'primary-controller';
      primaryTaken = true;
    }
    const priority = priorities.get(name) ?? 300;
    const key = priority >= 300 ? 'other' : name;
    const group = groups.get(key) ?? { name: key, priority, nodes: [] };
    group.nodes.push(node);
    groups.set(key, group);
  }

  return [...groups.values()].sort((a, b) => a.priority - b.priority);
}
