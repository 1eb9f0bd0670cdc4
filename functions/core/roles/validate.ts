import { InvalidData } from '../errors.js';
import type { RoleContext } from './context.js';
import { satisfiedRestrictions } from './restrictions.js';

/**
 * Which of Nailgun's two wordings to use: the assignment route checks conflicts and
 * restrictions too, `PUT /nodes` only checks that roles exist (reference §2.1 rows 17, 19).
 */
export type RoleCheck = 'assignment' | 'node-update';

function metadataOf(context: RoleContext, role: string): Record<string, unknown> {
  const meta = context.rolesMetadata[role];
  return typeof meta === 'object' && meta !== null ? (meta as Record<string, unknown>) : {};
}

function checkDuplicates(nodeId: number, roles: string[]): void {
  if (new Set(roles).size !== roles.length) {
    throw new InvalidData(`pending_roles list for node ${nodeId} contains duplicates.`);
  }
}

function checkKnown(context: RoleContext, nodeId: number, roles: string[], check: RoleCheck): void {
  const unknown = roles.filter((r) => !Object.hasOwn(context.rolesMetadata, r));
  if (unknown.length === 0) return;
  if (check === 'assignment') {
    throw new InvalidData(
      `${unknown.join(', ')} are not valid roles for node in environment ${context.clusterId}`,
    );
  }
  throw new InvalidData(
    `Roles ${[...unknown].sort().join(', ')} are not valid for node ${nodeId} in environment ${context.clusterId}`,
  );
}

/** A role's `conflicts` lists roles it cannot share a node with; `"*"` means every other role. */
function checkConflicts(context: RoleContext, roles: string[]): void {
  for (const role of roles) {
    const conflicts = metadataOf(context, role).conflicts;
    const others = roles.filter((r) => r !== role);
    const clashing =
      conflicts === '*'
        ? others
        : Array.isArray(conflicts)
          ? others.filter((r) => conflicts.includes(r))
          : [];
    if (clashing.length > 0) {
      throw new InvalidData(`Role '${role}' in conflict with role '${clashing.join(', ')}'.`);
    }
  }
}

function checkRestrictions(context: RoleContext, roles: string[]): void {
  for (const role of roles) {
    const satisfied = satisfiedRestrictions(
      metadataOf(context, role).restrictions,
      context.settings,
    );
    if (satisfied.length > 0) {
      const message = satisfied
        .map((r) => r.message)
        .filter(Boolean)
        .join('. ');
      throw new InvalidData(`Role '${role}' restrictions mismatch: ${message}`);
    }
  }
}

/**
 * Checks roles given to node `nodeId` in an environment against its release: no duplicates,
 * every role known, and for assignments no conflicting pair and no restriction in force.
 * Throws {@link InvalidData} with Nailgun's text for the first problem found.
 */
export function validateRoles(
  context: RoleContext,
  nodeId: number,
  roles: string[],
  check: RoleCheck,
): void {
  checkDuplicates(nodeId, roles);
  checkKnown(context, nodeId, roles, check);
  if (check === 'node-update') return;
  checkConflicts(context, roles);
  checkRestrictions(context, roles);
}
