import type { ClusterRow } from '../clusters/model.js';
import type { NodeRow } from '../nodes/model.js';
import type { ReleaseRow } from '../releases/repository.js';
import { evaluateCondition } from '../roles/expression.js';
import { deployedRoles, editableValue } from './facts/snapshot.js';

/**
 * Nailgun's check_before_deployment for the nodes a run deploys: all online, no conflicting
 * roles on one node, role limits met, and enough Ceph OSDs for the replication factor.
 * Returns the first failure's message (Nailgun's text), or undefined when all pass.
 */
export function checkBeforeDeployment(
  cluster: ClusterRow,
  release: ReleaseRow,
  nodes: NodeRow[],
): string | undefined {
  return (
    offline(nodes) ??
    conflicts(release, nodes) ??
    limits(cluster, release, nodes) ??
    osds(cluster, nodes)
  );
}

/** Nailgun's Node.full_name. */
export function fullName(node: NodeRow): string {
  return `${node.name} (id=${node.id}, mac=${node.mac})`;
}

function offline(nodes: NodeRow[]): string | undefined {
  const names = nodes.filter((n) => !n.online).map(fullName);
  if (names.length === 0) return undefined;
  return `Nodes "${names.join('", "')}" are offline. Remove them from environment and try again.`;
}

function conflicts(release: ReleaseRow, nodes: NodeRow[]): string | undefined {
  for (const node of nodes) {
    const roles = deployedRoles(node);
    for (const role of roles) {
      const declared = release.roles_metadata[role]?.conflicts ?? [];
      const clash = roles.find(
        (other) => other !== role && (declared.includes('*') || declared.includes(other)),
      );
      if (clash) return `Role '${role}' in conflict with role '${clash}'.`;
    }
  }

  return undefined;
}

function limits(cluster: ClusterRow, release: ReleaseRow, nodes: NodeRow[]): string | undefined {
  const settings = cluster.editable_attributes as Record<string, unknown>;
  for (const [role, meta] of Object.entries(release.roles_metadata)) {
    if (unavailable(meta.restrictions, settings)) continue;
    let min = meta.limits?.min;
    let message: string | undefined;
    for (const override of meta.limits?.overrides ?? []) {
      if (evaluateCondition(override.condition, settings) === true && override.min !== undefined) {
        min = override.min;
        message = override.message;
      }
    }
    if (min === undefined) continue;
    const count = nodes.filter((n) => deployedRoles(n).includes(role)).length;
    if (count < min) {
      return (
        message ??
        `Not enough nodes with role '${role}': at least ${min} required, ${count} assigned.`
      );
    }
  }

  return undefined;
}

/** A role whose restriction holds cannot be assigned, so its limits do not apply. */
function unavailable(restrictions: unknown, settings: Record<string, unknown>): boolean {
  if (!Array.isArray(restrictions)) return false;
  return restrictions.some((r) => {
    const condition = typeof r === 'string' ? r : (r as { condition?: unknown })?.condition;
    return typeof condition === 'string' && evaluateCondition(condition, settings) === true;
  });
}

function osds(cluster: ClusterRow, nodes: NodeRow[]): string | undefined {
  const count = nodes.filter((n) => deployedRoles(n).includes('ceph-osd')).length;
  if (count === 0) return undefined;
  const size = Number(editableValue(cluster, 'storage', 'osd_pool_size') ?? 0);
  if (!Number.isInteger(size) || count >= size) return undefined;
  return (
    `Number of OSD nodes (${count}) cannot be less than the Ceph object replication factor ` +
    `(${size}). Please either assign ceph-osd role to more nodes, or reduce Ceph replication ` +
    'factor in the Settings tab.'
  );
}
