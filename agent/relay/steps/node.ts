/**
 * The node steps that go through MCollective (and Cobbler's power management for a reboot):
 * reboot into the installer, wait for the installed system, upload a file, erase.
 */
import { RELAY_ERRORS, type StepMessageOf } from '../../../statemachines/contracts/index.js';
import {
  eraseNode,
  type McoDriver,
  McoError,
  McoNoResponse,
  uploadFile,
} from '../drivers/mcollective/index.js';
import { RelayStepError, throwIfAborted } from '../errors.js';
import type { RelayLogger } from '../logger.js';
import { reportProvisioning } from '../progress/reports.js';
import { sleepUnlessAborted } from '../sleep.js';
import type { StepData } from './cobbler.js';
import type { StepEnvironment, StepRun } from './context.js';

/** The system type an installed node reports (`/etc/nailgun_systemtype`). */
const PROVISIONED_TYPE = 'target';
/** Progress shown while waiting never reaches 100 before the node says it is installed. */
const MAX_WAITING_PROGRESS = 95;

/**
 * Reboots the node into the installer: through MCollective's `erase_node.reboot_node`, or
 * Cobbler's power management for nodes with BMC settings. A redelivered MCollective reboot
 * whose node no longer answers counts as done: the first delivery's reboot is under way.
 */
export async function reboot(
  message: StepMessageOf<'node.reboot'>,
  env: StepEnvironment,
  run: StepRun,
): Promise<StepData> {
  const { system_name: name, method } = message.params;
  if (method === 'cobbler_power') {
    const { eventId } = await env.cobbler.power([name], 'reboot');
    return { method, event_id: eventId };
  }
  try {
    await env.mco.callOne(message.node_uid, { agent: 'erase_node', action: 'reboot_node' });
  } catch (error) {
    if (!(error instanceof McoNoResponse) || run.receiveCount < 2) throw error;
    run.logger.warn('node silent on redelivered reboot, assumed rebooting', { system: name });
    return { method, assumed: true };
  }

  return { method };
}

/**
 * Polls the node's system type until it is `target`, publishing `provision_resp` progress;
 * the node is silent while the installer runs. After `timeout_seconds` the node failed with
 * Astute's "Timeout of provisioning is exceeded".
 */
export async function waitProvisioned(
  message: StepMessageOf<'node.wait_provisioned'>,
  env: StepEnvironment,
  run: StepRun,
): Promise<StepData> {
  const uid = message.node_uid;
  const { provisionPollMs, provisionExpectedMs, provisionPollTimeoutSeconds } = env.timings;
  const started = Date.now();
  const deadline = started + message.params.timeout_seconds * 1000;
  let shown = -1;
  for (;;) {
    throwIfAborted(run.signal);
    const type = await systemTypeOf(env.mco, uid, provisionPollTimeoutSeconds, run.logger);
    if (type === PROVISIONED_TYPE) {
      reportProvisioning(env.progress, message.task_uuid, { uid, progress: 100 });
      return { node_type: type };
    }
    const progress = waitingProgress(Date.now() - started, provisionExpectedMs);
    if (progress !== shown) {
      reportProvisioning(env.progress, message.task_uuid, { uid, progress });
      shown = progress;
    }
    const left = deadline - Date.now();
    if (left <= 0) {
      throw new RelayStepError(RELAY_ERRORS.provisionFailed, 'Timeout of provisioning is exceeded');
    }
    await sleepUnlessAborted(Math.min(provisionPollMs, left), run.signal);
  }
}

/** Writes a file on the node (the deployment facts, for one). */
export async function uploadFileStep(
  message: StepMessageOf<'node.upload_file'>,
  env: StepEnvironment,
): Promise<StepData> {
  const { path, content, permissions, overwrite, parents } = message.params;
  const msg = await uploadFile(env.mco, message.node_uid, {
    path,
    content,
    permissions,
    overwrite,
    parents,
  });

  return { path, msg };
}

/** Erases the node's boot records, keeps it from rediscovering itself, and reboots it. */
export async function erase(
  message: StepMessageOf<'node.erase'>,
  env: StepEnvironment,
): Promise<StepData> {
  const result = await eraseNode(env.mco, message.node_uid, {
    reboot: message.params.reboot,
    dryRun: false,
  });

  return { erased: result.erased, rebooted: result.rebooted, devices: result.devices };
}

/**
 * One `systemtype.get_type` poll, asked once: silence, a refusal or a broken bridge all mean
 * "not known yet" while the node installs, so none of them ends the wait.
 */
async function systemTypeOf(
  mco: McoDriver,
  uid: string,
  timeoutSeconds: number,
  logger: RelayLogger,
): Promise<string | undefined> {
  try {
    const { replies } = await mco.rpc({
      agent: 'systemtype',
      action: 'get_type',
      nodes: [uid],
      retries: 0,
      timeoutSeconds,
    });
    const reply = replies[0];
    if (reply === undefined) return undefined;
    const type = reply.data.node_type;
    if (reply.statuscode !== 0 || typeof type !== 'string') {
      logger.debug('systemtype not readable', { statuscode: reply.statuscode });
      return undefined;
    }

    return type.trim();
  } catch (error) {
    if (!(error instanceof McoError) || !error.retryable) throw error;
    logger.warn('systemtype poll failed', { error });
    return undefined;
  }
}

/** Progress by elapsed time against a typical installation, short of 100 until the end. */
function waitingProgress(elapsedMs: number, expectedMs: number): number {
  const share = expectedMs > 0 ? elapsedMs / expectedMs : 0;

  return Math.min(MAX_WAITING_PROGRESS, Math.floor(share * 100));
}
