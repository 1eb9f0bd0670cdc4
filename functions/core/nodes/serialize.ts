import type { NodeJson } from './json-schema.js';
import { effectiveHostname, type NodeRow, type NodeStatus } from './model.js';

const TRANSITIONAL: ReadonlySet<NodeStatus> = new Set(['deploying', 'provisioning', 'removing']);

/**
 * The status the API shows. Stored transitional statuses are shown as they are; otherwise a
 * node with progress strictly between 0 and 100 is shown as removing, provisioning or deploying
 * after its pending flags, because task-based deployment keeps the stored status unchanged.
 */
export function displayedStatus(
  node: Pick<NodeRow, 'status' | 'progress' | 'pending_addition' | 'pending_deletion'>,
): NodeStatus {
  if (TRANSITIONAL.has(node.status)) return node.status;
  if (node.progress > 0 && node.progress < 100) {
    if (node.pending_deletion) return 'removing';
    if (node.pending_addition) return 'provisioning';
    return 'deploying';
  }
  return node.status;
}

/** The node object of the API, with `fqdn` built on the installation's DNS domain. */
export function serializeNode(node: NodeRow, dnsDomain: string): NodeJson {
  const hostname = effectiveHostname(node);
  return {
    id: node.id,
    name: node.name,
    mac: node.mac,
    ip: node.ip,
    status: displayedStatus(node),
    online: node.online,
    progress: node.progress,
    cluster: node.cluster_id,
    group_id: node.group_id,
    hostname,
    fqdn: `${hostname}.${dnsDomain}`,
    roles: node.roles,
    pending_roles: node.pending_roles,
    pending_addition: node.pending_addition,
    pending_deletion: node.pending_deletion,
    error_type: node.error_type,
    kernel_params: node.kernel_params,
    labels: node.labels,
    manufacturer: node.manufacturer,
    platform_name: node.platform_name,
    os_platform: node.os_platform,
    // TODO(deployment): filled from the node's network assignments; empty until then.
    network_data: [],
    meta: node.meta,
  };
}
