/** Node statuses in which an operator may change the NIC assignment (reference §8.1). */
export const NIC_EDITABLE_STATUSES = ['discover', 'error', 'stopped', 'ready'] as const;

/** Error types of an `error` node that still let an operator change its NICs. */
export const NIC_EDITABLE_ERROR_TYPES = ['discover', 'deploy'] as const;

/**
 * Nailgun's Node.is_interfaces_configuration_locked for API callers: locked unless the node is
 * discovered, ready, stopped, or failed discovery or deployment.
 */
export function interfacesLocked(node: { status: string; error_type: string | null }): boolean {
  if (!(NIC_EDITABLE_STATUSES as readonly string[]).includes(node.status)) return true;
  if (node.status !== 'error') return false;
  return !(NIC_EDITABLE_ERROR_TYPES as readonly (string | null)[]).includes(node.error_type);
}

/** The 400 text for a locked node. */
export function lockedMessage(nodeId: number): string {
  return `Node '${nodeId}': Interfaces configuration can't be changed after or during deployment.`;
}
