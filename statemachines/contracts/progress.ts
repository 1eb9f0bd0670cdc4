import { z } from 'zod';

/** The exchange, queue and routing key Astute publishes progress on (nailgun-api.md §6.2). */
export const PROGRESS_EXCHANGE = 'nailgun';
export const PROGRESS_QUEUE = 'nailgun';
export const PROGRESS_ROUTING_KEY = 'nailgun';
/** Progress bodies are plain, uncompressed JSON. */
export const PROGRESS_CONTENT_TYPE = 'application/json';

/** The receiver methods a progress message may name (Astute's `respond_to` values). */
export const PROGRESS_METHODS = [
  'provision_resp',
  'deploy_resp',
  'remove_nodes_resp',
  'remove_cluster_resp',
  'stop_deployment_resp',
  'reset_environment_resp',
  'transaction_resp',
] as const;
export type ProgressMethod = (typeof PROGRESS_METHODS)[number];

/** A task's status as Astute reports it. */
export const PROGRESS_TASK_STATUSES = ['running', 'ready', 'error'] as const;
export type ProgressTaskStatus = (typeof PROGRESS_TASK_STATUSES)[number];

const percent = z.number().min(0).max(100);
const optionalText = z.string().nullable().optional();

/**
 * One node's entry in a progress message (nailgun-api.md §6.5). `uid` is Astute's node uid: a
 * string, a number from older Astute versions, `"master"`, or `null` for the virtual sync node
 * (which receivers ignore). Unknown keys pass through.
 */
export const ProgressNodeSchema = z.looseObject({
  uid: z.union([z.string(), z.number(), z.null()]),
  status: z.string().optional(),
  progress: percent.optional(),
  error_type: optionalText,
  error_msg: optionalText,
  online: z.boolean().optional(),
  role: optionalText,
  deployment_graph_task_name: z.string().optional(),
  task_status: z.string().optional(),
  summary: z.unknown().optional(),
  custom: z.unknown().optional(),
});
export type ProgressNode = z.infer<typeof ProgressNodeSchema>;

/** A node that could not be removed (`error_nodes`) or reached (`inaccessible_nodes`). */
export const ProgressNodeErrorSchema = z.looseObject({
  uid: z.union([z.string(), z.number(), z.null()]),
  error: optionalText,
});
export type ProgressNodeError = z.infer<typeof ProgressNodeErrorSchema>;

/** The arguments of a progress message; every field but `task_uuid` is optional. */
export const ProgressArgsSchema = z.looseObject({
  task_uuid: z.string().min(1),
  status: z.enum(PROGRESS_TASK_STATUSES).optional(),
  progress: percent.optional(),
  error: optionalText,
  nodes: z.array(ProgressNodeSchema).optional(),
  error_nodes: z.array(ProgressNodeErrorSchema).optional(),
  inaccessible_nodes: z.array(ProgressNodeErrorSchema).optional(),
  stop_task_uuid: z.string().optional(),
});
export type ProgressArgs = z.infer<typeof ProgressArgsSchema>;

/**
 * A progress message in Astute's format, `{"method": "<respond_to>", "args": {...}}`. Permissive
 * about extra keys, so the replies of a real Astute on the same queue are accepted too.
 */
export const ProgressMessageSchema = z.looseObject({
  method: z.enum(PROGRESS_METHODS),
  args: ProgressArgsSchema,
});
export type ProgressMessage = z.infer<typeof ProgressMessageSchema>;
