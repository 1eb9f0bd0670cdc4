import { z } from 'zod';
import { ProvisioningSystemSchema } from './provisioning-system.js';
import { REBOOT_METHODS } from './step-message.js';

/** The workflows, one ASL file each (`statemachines/<name>.asl.json`). */
export const MACHINE_NAMES = [
  'deploy-changes',
  'provision',
  'deploy',
  'remove-nodes',
  'stop',
  'reset',
] as const;
export type MachineName = (typeof MACHINE_NAMES)[number];

/**
 * The input of every execution: ids only, because Step Functions payloads are limited to
 * 256 KB; the facts stay in PostgreSQL. `max_concurrency` bounds every per-node Map (Astute's
 * `max_nodes_to_provision` is 50; 0 means no bound in AWS and 40 in aws-local-stepfunctions).
 */
export const ExecutionInputSchema = z.object({
  task_uuid: z.string().min(1),
  cluster_id: z.number().int().nonnegative(),
  queue_url: z.string().min(1),
  max_concurrency: z.number().int().nonnegative(),
});
export type ExecutionInput = z.infer<typeof ExecutionInputSchema>;

/** Which work a node is in when a stop arrives: the stop machine stops Puppet or erases. */
export const NODE_WORK = ['provision', 'deploy'] as const;
export type NodeWork = (typeof NODE_WORK)[number];

/**
 * A node as the executions carry it. `hostname` is Nailgun's host name (`node-<id>` unless
 * renamed), which is also the name of the node's Cobbler system. `phase` is read by the stop
 * machine only.
 */
export const NodeRefSchema = z.object({
  node_id: z.number().int().positive(),
  uid: z.string().min(1),
  hostname: z.string().min(1),
  phase: z.enum(NODE_WORK).optional(),
});
export type NodeRef = z.infer<typeof NodeRefSchema>;

/** The nodes of one phase and the uuid of the (sub)task that reports on them. */
export const PhasePlanSchema = z.object({
  task_uuid: z.string().min(1),
  nodes: z.array(NodeRefSchema),
});
export type PhasePlan = z.infer<typeof PhasePlanSchema>;

/** Nodes deployed together, after every group before them (controllers first). */
export const DeployGroupSchema = z.object({
  name: z.string().min(1),
  nodes: z.array(NodeRefSchema),
});
export type DeployGroup = z.infer<typeof DeployGroupSchema>;

/** The deployment phase: groups in the order they run; `null` in the plan when nothing deploys. */
export const DeployPlanSchema = z.object({
  task_uuid: z.string().min(1),
  groups: z.array(DeployGroupSchema).min(1),
});
export type DeployPlan = z.infer<typeof DeployPlanSchema>;

/**
 * What `prepare` returns: the work of each phase, `null` when the phase has nothing to do.
 * deploy-changes runs remove, provision, deploy in that order; provision, deploy and
 * remove-nodes run their own part; reset wipes the nodes of `remove`; stop stops the nodes of
 * `deploy` (or, when it is null, of `provision`), choosing by each node's `phase`.
 */
export const PlanSchema = z.object({
  remove: PhasePlanSchema.nullable(),
  provision: PhasePlanSchema.nullable(),
  deploy: DeployPlanSchema.nullable(),
});
export type Plan = z.infer<typeof PlanSchema>;

/** The phase a node-level step belongs to. */
export const NODE_PHASES = ['remove', 'provision', 'deploy', 'stop', 'reset'] as const;
export type NodePhase = (typeof NODE_PHASES)[number];

/** The phases `finish_phase` closes; `deploy_group` closes one group of the deploy phase. */
export const FINISHED_PHASES = ['remove', 'provision', 'deploy_group', 'deploy'] as const;
export type FinishedPhase = (typeof FINISHED_PHASES)[number];

/** How one node's chain of steps ended. */
export const NodeResultSchema = z.object({
  ok: z.boolean(),
  node_id: z.number().int().positive(),
});
export type NodeResult = z.infer<typeof NodeResultSchema>;

/**
 * The item that passes from the provision phase's record Map to its reboot Map: the node, and
 * how to reboot it. A node whose record failed passes on as `{ok: false, node_id}` instead.
 */
export const ProvisionTargetSchema = NodeRefSchema.extend({
  ok: z.literal(true),
  system_name: z.string().min(1),
  reboot_method: z.enum(REBOOT_METHODS),
});
export type ProvisionTarget = z.infer<typeof ProvisionTargetSchema>;

/** Where deployment facts are uploaded on the node. */
export const ASTUTE_YAML_PATH = '/etc/astute.yaml';

/** What `deployment_facts` returns: the file to upload and how to run Puppet. */
export const DeploymentFactsSchema = z.object({
  astute_yaml: z.string(),
  upload_path: z.string().startsWith('/'),
  puppet: z.object({
    manifest: z.string().min(1),
    modules: z.string().min(1),
    cwd: z.string().startsWith('/'),
    modules_source: z.string().min(1),
    manifests_source: z.string().min(1),
    manifests_path: z.string().startsWith('/'),
    timeout_seconds: z.number().int().positive(),
    task_name: z.string().min(1),
  }),
});
export type DeploymentFacts = z.infer<typeof DeploymentFactsSchema>;

/** What `provisioning_facts` returns: the Cobbler record (netboot on) and the reboot method. */
export const ProvisioningFactsSchema = z.object({
  system: ProvisioningSystemSchema,
  reboot_method: z.enum(REBOOT_METHODS),
});
export type ProvisioningFacts = z.infer<typeof ProvisioningFactsSchema>;

/** The actions of the steps function (`${StepsFunctionArn}`), the Lambda behind every Lambda step. */
export const STEP_ACTIONS = [
  'prepare',
  'provisioning_facts',
  'deployment_facts',
  'node_failed',
  'node_done',
  'finish_phase',
  'finish',
  'abort',
] as const;
export type StepAction = (typeof STEP_ACTIONS)[number];

const taskUuid = z.string().min(1);
const nodeId = z.number().int().positive();

/**
 * The payload of each Lambda step, which the state machines send as the `Parameters` of the
 * Task state. `task_uuid` is the execution's task for prepare, finish and abort, and the phase's
 * (sub)task everywhere else. `error` and `cause` are Step Functions' `Error` and `Cause` of what
 * was caught: a relay error with a JSON cause (`decodeCause`), a `States.*` error, or one of
 * `MACHINE_ERRORS` with a plain-text cause.
 */
export const STEP_PAYLOADS = {
  prepare: z.object({ action: z.literal('prepare'), task_uuid: taskUuid }),
  provisioning_facts: z.object({
    action: z.literal('provisioning_facts'),
    task_uuid: taskUuid,
    node_id: nodeId,
  }),
  deployment_facts: z.object({
    action: z.literal('deployment_facts'),
    task_uuid: taskUuid,
    node_id: nodeId,
  }),
  node_failed: z.object({
    action: z.literal('node_failed'),
    task_uuid: taskUuid,
    node_id: nodeId,
    phase: z.enum(NODE_PHASES),
    error: z.string(),
    cause: z.string(),
  }),
  node_done: z.object({
    action: z.literal('node_done'),
    task_uuid: taskUuid,
    node_id: nodeId,
    phase: z.enum(NODE_PHASES),
  }),
  finish_phase: z.object({
    action: z.literal('finish_phase'),
    task_uuid: taskUuid,
    phase: z.enum(FINISHED_PHASES),
    /** The group's name, for `deploy_group`. */
    group: z.string().min(1).optional(),
    /** Per node; empty for `deploy`, whose groups reported theirs one by one. */
    results: z.array(NodeResultSchema),
  }),
  finish: z.object({ action: z.literal('finish'), task_uuid: taskUuid }),
  abort: z.object({
    action: z.literal('abort'),
    task_uuid: taskUuid,
    error: z.string(),
    cause: z.string(),
  }),
} as const satisfies Record<StepAction, z.ZodType>;

/** Any payload the steps function receives, discriminated by `action`. */
export const StepPayloadSchema = z.discriminatedUnion('action', [
  STEP_PAYLOADS.prepare,
  STEP_PAYLOADS.provisioning_facts,
  STEP_PAYLOADS.deployment_facts,
  STEP_PAYLOADS.node_failed,
  STEP_PAYLOADS.node_done,
  STEP_PAYLOADS.finish_phase,
  STEP_PAYLOADS.finish,
  STEP_PAYLOADS.abort,
]);
export type StepPayload = z.infer<typeof StepPayloadSchema>;
/** The payload of action `A`. */
export type StepPayloadOf<A extends StepAction> = z.infer<(typeof STEP_PAYLOADS)[A]>;

/** What each action returns; the state machines read these fields by path. */
export const STEP_RESULTS = {
  prepare: PlanSchema,
  provisioning_facts: ProvisioningFactsSchema,
  deployment_facts: DeploymentFactsSchema,
  node_failed: z.object({ ok: z.literal(false), node_id: nodeId }),
  node_done: z.object({ ok: z.literal(true), node_id: nodeId }),
  finish_phase: z.object({ failed: z.boolean() }),
  finish: z.object({}),
  abort: z.object({}),
} as const satisfies Record<StepAction, z.ZodType>;
/** The result of action `A`. */
export type StepResultOf<A extends StepAction> = z.infer<(typeof STEP_RESULTS)[A]>;

/**
 * Errors the state machines raise themselves; `abort` receives them as `error`, and the
 * execution fails with them.
 */
export const MACHINE_ERRORS = {
  removeFailed: 'Remove.Failed',
  provisionFailed: 'Provision.Failed',
  deployGroupFailed: 'Deploy.GroupFailed',
  deployFailed: 'Deploy.Failed',
} as const;
export type MachineErrorName = (typeof MACHINE_ERRORS)[keyof typeof MACHINE_ERRORS];
