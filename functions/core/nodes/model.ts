/**
 * The node as stored: Nailgun's status words, error types and the columns the services read.
 * Status words are part of the wire contract (reference §4.2) and keep Nailgun's spelling.
 */
export const NODE_STATUSES = [
  'ready',
  'discover',
  'provisioning',
  'provisioned',
  'deploying',
  'error',
  'removing',
  'stopped',
] as const;
export type NodeStatus = (typeof NODE_STATUSES)[number];

/** Which step failed for a node in `error`. */
export const NODE_ERROR_TYPES = [
  'deploy',
  'provision',
  'deletion',
  'discover',
  'stop_deployment',
] as const;
export type NodeErrorType = (typeof NODE_ERROR_TYPES)[number];

/** Hardware facts the agent reports (reference §4.4); unknown keys are kept as sent. */
export type NodeMeta = Record<string, unknown>;

/** Operator labels: name to value, or to null for a label without value. */
export type NodeLabels = Record<string, string | null>;

/** A row of `nodes` as the services read it (see `NODE_COLUMNS`). */
export interface NodeRow {
  id: number;
  uuid: string;
  cluster_id: number | null;
  group_id: number | null;
  name: string;
  status: NodeStatus;
  meta: NodeMeta;
  /** Lower-case, colon-separated. */
  mac: string;
  ip: string | null;
  /** NULL means the default `node-<id>`. */
  hostname: string | null;
  manufacturer: string | null;
  platform_name: string | null;
  os_platform: string | null;
  kernel_params: string | null;
  progress: number;
  pending_addition: boolean;
  pending_deletion: boolean;
  error_type: NodeErrorType | null;
  error_msg: string | null;
  last_contact_at: Date;
  online: boolean;
  labels: NodeLabels;
  roles: string[];
  pending_roles: string[];
  primary_tags: string[];
  agent_checksum: string | null;
}

/** The hostname a node answers to: the stored one, else `node-<id>`. */
export function effectiveHostname(node: Pick<NodeRow, 'id' | 'hostname'>): string {
  return node.hostname ?? `node-${node.id}`;
}
