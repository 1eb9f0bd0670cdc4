import type { CoreContext } from '../core/context.js';
import type { TaskRow } from '../core/tasks/model.js';
import type { Queryable } from '../db/database.js';

/** One node entry of an Astute report (reference §6.5). */
export interface ReportedNode {
  uid?: string | number | null;
  id?: number;
  status?: string;
  progress?: number;
  error_type?: string | null;
  error_msg?: string | null;
  error?: string | null;
  online?: boolean;
  role?: string;
  deployment_graph_task_name?: string;
  task_status?: string;
  summary?: unknown;
  custom?: unknown;
}

/** The `args` of an Astute report, the fields our receivers read. */
export interface ReportArgs {
  task_uuid: string;
  status?: 'running' | 'ready' | 'error' | string;
  progress?: number;
  error?: string | null;
  nodes?: ReportedNode[];
  error_nodes?: ReportedNode[];
  inaccessible_nodes?: ReportedNode[];
}

/** What a receiver gets: the locked task, the report and a transaction. */
export interface ReceiverInput {
  tx: Queryable;
  ctx: CoreContext;
  task: TaskRow;
  args: ReportArgs;
}

export type Receiver = (input: ReceiverInput) => Promise<void>;

/** The node id a report entry names, or undefined for the master and malformed uids. */
export function reportedNodeId(node: ReportedNode): number | undefined {
  const raw = node.id ?? node.uid;
  const id = typeof raw === 'number' ? raw : Number(raw);
  return Number.isInteger(id) && id > 0 && id <= 2_147_483_647 ? id : undefined;
}

export function isMasterEntry(node: ReportedNode): boolean {
  return node.uid === 'master';
}
