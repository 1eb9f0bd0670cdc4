/**
 * The Puppet steps: sync modules and manifests to the node, apply `site.pp` with progress and
 * Astute's retries, stop a run. A redelivered apply whose run still goes on waits for that run
 * instead of starting another.
 */
import { RELAY_ERRORS, type StepMessageOf } from '../../../statemachines/contracts/index.js';
import {
  assessPuppetRun,
  type FinishedPuppetOutcome,
  puppetEnable,
  puppetLastRunSummary,
  puppetRunOnce,
  puppetStatus,
  puppetStopAndDisable,
  puppetSync,
} from '../drivers/mcollective/index.js';
import { RelayStepError, throwIfAborted } from '../errors.js';
import { reportDeploying, reportTaskEnded } from '../progress/reports.js';
import { sleepUnlessAborted } from '../sleep.js';
import type { StepData } from './cobbler.js';
import type { StepEnvironment, StepRun } from './context.js';

type ApplyMessage = StepMessageOf<'node.puppet_apply'>;

/** Progress stays below 100 while Puppet runs; the node is done when its chain is. */
const MAX_RUNNING_PROGRESS = 99;

/** Copies Puppet's modules and manifests to the node with rsync. */
export async function puppetsync(
  message: StepMessageOf<'node.puppetsync'>,
  env: StepEnvironment,
): Promise<StepData> {
  const params = message.params;
  const msg = await puppetSync(env.mco, message.node_uid, {
    modulesSource: params.modules_source,
    manifestsSource: params.manifests_source,
    modulesPath: params.modules_path,
    manifestsPath: params.manifests_path,
  });

  return { msg };
}

/**
 * Runs `puppet apply` of the manifest on the node and polls its summary until it ends,
 * publishing `deploy_resp` progress. A failed run is tried again (`puppetRetries`); the last
 * failure ends the step with Puppet's own message as `Relay.PuppetFailed`.
 */
export async function puppetApply(
  message: ApplyMessage,
  env: StepEnvironment,
  run: StepRun,
): Promise<StepData> {
  const uid = message.node_uid;
  const taskName = message.params.task_name;
  const deadline = Date.now() + message.params.timeout_seconds * 1000;
  let shown = 0;
  const onProgress = (percent: number) => {
    const progress = Math.min(MAX_RUNNING_PROGRESS, Math.floor(percent));
    if (progress === shown) return;
    shown = progress;
    reportDeploying(env.progress, message.task_uuid, { uid, progress, taskName });
  };
  reportDeploying(env.progress, message.task_uuid, { uid, progress: 0, taskName });
  for (let attempt = 0; ; attempt += 1) {
    await startOrResume(message, env, run, attempt === 0);
    const outcome = await awaitRun(message, env, run, { deadline, onProgress });
    const summary = outcome.summary === undefined ? undefined : summaryData(outcome.summary);
    if (outcome.state === 'succeeded') {
      reportTaskEnded(env.progress, message.task_uuid, { uid, taskName, ok: true, summary });
      return { runs: attempt + 1, ...(summary === undefined ? {} : { summary }) };
    }
    if (outcome.timedOut || attempt >= env.timings.puppetRetries) {
      reportTaskEnded(env.progress, message.task_uuid, { uid, taskName, ok: false, summary });
      throw new RelayStepError(RELAY_ERRORS.puppetFailed, outcome.message);
    }
    run.logger.warn('puppet run failed, running again', { attempt, error: outcome.message });
  }
}

/** Stops a Puppet run in progress, then allows runs again so a later deployment can apply. */
export async function stopPuppet(
  message: StepMessageOf<'node.stop_puppet'>,
  env: StepEnvironment,
): Promise<StepData> {
  await puppetStopAndDisable(env.mco, message.node_uid);
  await puppetEnable(env.mco, message.node_uid);

  return undefined;
}

/** Starts a run, or on a first attempt joins the run a previous delivery started. */
async function startOrResume(
  message: ApplyMessage,
  env: StepEnvironment,
  run: StepRun,
  mayResume: boolean,
): Promise<void> {
  const uid = message.node_uid;
  const status = await puppetStatus(env.mco, uid);
  if (mayResume && status.status === 'running') {
    run.logger.info('puppet run resumed', { receive_count: run.receiveCount });
    return;
  }
  if (!status.enabled) await puppetEnable(env.mco, uid);
  const { manifest, modules, cwd } = message.params;
  await puppetRunOnce(env.mco, uid, { manifest, modules, cwd });
  run.logger.info('puppet run started', { manifest });
}

type RunEnd =
  | (FinishedPuppetOutcome & { timedOut: false })
  | { state: 'failed'; message: string; timedOut: true; summary?: undefined };

/** Polls `last_run_summary` until the run ended or the step's deadline passed. */
async function awaitRun(
  message: ApplyMessage,
  env: StepEnvironment,
  run: StepRun,
  watch: { deadline: number; onProgress: (percent: number) => void },
): Promise<RunEnd> {
  for (;;) {
    throwIfAborted(run.signal);
    const outcome = assessPuppetRun(await puppetLastRunSummary(env.mco, message.node_uid));
    if (outcome.state !== 'running') return { ...outcome, timedOut: false };
    watch.onProgress(outcome.percent);
    const left = watch.deadline - Date.now();
    if (left <= 0) {
      const seconds = message.params.timeout_seconds;
      return {
        state: 'failed',
        message: `Timeout of deployment is exceeded (${seconds} s)`,
        timedOut: true,
      };
    }
    await sleepUnlessAborted(Math.min(env.timings.puppetPollMs, left), run.signal);
  }
}

/** Puppet's counters of the finished run, as Astute put them in a task's summary. */
function summaryData(summary: FinishedPuppetOutcome['summary']): Record<string, unknown> {
  return {
    resources: summary.resources,
    changes: summary.changes,
    events: summary.events,
    time: summary.time,
    exit_code: summary.exitCode,
  };
}
