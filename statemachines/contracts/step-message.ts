import { z } from 'zod';
import { ProvisioningSystemSchema } from './provisioning-system.js';
import { CONTRACT_VERSION } from './version.js';

/** Every unit of work a relay can be asked to do; the names are part of the wire contract. */
export const STEP_NAMES = [
  'cobbler.upsert_system',
  'cobbler.sync',
  'cobbler.set_netboot',
  'cobbler.remove_system',
  'node.reboot',
  'node.wait_provisioned',
  'node.upload_file',
  'node.puppetsync',
  'node.puppet_apply',
  'node.erase',
  'node.stop_puppet',
] as const;
export type StepName = (typeof STEP_NAMES)[number];

/** Steps that act on the whole site and name no node; every other step names one node. */
export const SITE_STEPS = ['cobbler.sync'] as const satisfies readonly StepName[];

/** Whether a step acts on the whole site rather than on one node. */
export function isSiteStep(step: StepName): boolean {
  return (SITE_STEPS as readonly StepName[]).includes(step);
}

/**
 * How a node is rebooted into the installer: MCollective's `erase_node.reboot_node` as Fuel did,
 * or Cobbler's power management when the node has BMC power settings.
 */
export const REBOOT_METHODS = ['mcollective', 'cobbler_power'] as const;
export type RebootMethod = (typeof REBOOT_METHODS)[number];

const systemName = z.string().min(1);
const seconds = z.number().int().positive();

/** Parameters of each step, keyed by step name. */
export const STEP_PARAMS = {
  'cobbler.upsert_system': z.object({ system: ProvisioningSystemSchema }),
  'cobbler.sync': z.object({}),
  'cobbler.set_netboot': z.object({ system_name: systemName, enabled: z.boolean() }),
  'cobbler.remove_system': z.object({ system_name: systemName }),
  'node.reboot': z.object({ system_name: systemName, method: z.enum(REBOOT_METHODS) }),
  'node.wait_provisioned': z.object({ timeout_seconds: seconds }),
  'node.upload_file': z.object({
    path: z.string().startsWith('/'),
    content: z.string(),
    permissions: z.string().regex(/^[0-7]{3,4}$/, 'an octal mode such as 0600'),
    overwrite: z.boolean(),
    parents: z.boolean(),
  }),
  'node.puppetsync': z.object({
    modules_source: z.string().min(1),
    manifests_source: z.string().min(1),
    modules_path: z.string().startsWith('/'),
    manifests_path: z.string().startsWith('/'),
  }),
  'node.puppet_apply': z.object({
    manifest: z.string().min(1),
    modules: z.string().min(1),
    cwd: z.string().startsWith('/'),
    timeout_seconds: seconds,
    task_name: z.string().min(1),
  }),
  'node.erase': z.object({ reboot: z.boolean() }),
  'node.stop_puppet': z.object({}),
} as const satisfies Record<StepName, z.ZodType>;

/** The parameters of step `S`. */
export type StepParams<S extends StepName> = z.infer<(typeof STEP_PARAMS)[S]>;

const envelope = {
  version: z.literal(CONTRACT_VERSION),
  task_token: z.string().min(1),
  task_uuid: z.string().min(1),
  cluster_id: z.number().int().nonnegative(),
  correlation_id: z.string().min(1),
};

/** A step that acts on the whole site, such as `cobbler.sync`: no node. */
function siteStep<S extends StepName>(step: S) {
  return z.object({ ...envelope, step: z.literal(step), params: STEP_PARAMS[step] });
}

/** A step that acts on one node, named by id and by Astute's uid. */
function nodeStep<S extends StepName>(step: S) {
  return z.object({
    ...envelope,
    step: z.literal(step),
    node_id: z.number().int().positive(),
    node_uid: z.string().min(1),
    params: STEP_PARAMS[step],
  });
}

/**
 * The body of one message on a site queue: which step to run, for which task and node, and the
 * task token to answer with `SendTaskSuccess` / `SendTaskFailure`. `correlation_id` is the
 * execution's name, so relay logs join the execution's history.
 */
export const StepMessageSchema = z.discriminatedUnion('step', [
  nodeStep('cobbler.upsert_system'),
  siteStep('cobbler.sync'),
  nodeStep('cobbler.set_netboot'),
  nodeStep('cobbler.remove_system'),
  nodeStep('node.reboot'),
  nodeStep('node.wait_provisioned'),
  nodeStep('node.upload_file'),
  nodeStep('node.puppetsync'),
  nodeStep('node.puppet_apply'),
  nodeStep('node.erase'),
  nodeStep('node.stop_puppet'),
]);
export type StepMessage = z.infer<typeof StepMessageSchema>;

/** The message of one step, narrowed by name. */
export type StepMessageOf<S extends StepName> = Extract<StepMessage, { step: S }>;
