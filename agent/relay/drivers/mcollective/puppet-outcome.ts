/**
 * Judging a Puppet run from its summary, and waiting for it to end. Astute's rule: a run
 * succeeded when it stopped with no failed resource; we also count failed events, failed
 * restarts and apply's detailed exit code, and keep Puppet's own error line as the message.
 */
import { setTimeout as sleep } from 'node:timers/promises';
import type { McoDriver } from './driver.js';
import { type PuppetSummary, puppetLastRunSummary } from './puppet-ops.js';

/** Where a run stands. */
export type PuppetOutcome =
  | { state: 'running'; percent: number }
  | { state: 'succeeded'; summary: PuppetSummary }
  | { state: 'failed'; message: string; summary: PuppetSummary };

/** A run that ended, one way or the other. */
export type FinishedPuppetOutcome = Exclude<PuppetOutcome, { state: 'running' }>;

/** `--detailed-exitcodes` values meaning the run failed. */
const FAILED_EXIT_CODES: readonly number[] = [1, 4, 6];

function count(counters: Record<string, number>, key: string): number {
  return counters[key] ?? 0;
}

function failureOf(summary: PuppetSummary): string | undefined {
  const failed = count(summary.resources, 'failed') + count(summary.resources, 'failed_to_restart');
  const broken =
    failed > 0 ||
    count(summary.events, 'failure') > 0 ||
    (summary.exitCode !== null && FAILED_EXIT_CODES.includes(summary.exitCode));
  if (!broken) return undefined;
  return (
    summary.errorMessages[0] ??
    `Puppet run failed (exit code ${summary.exitCode ?? 'unknown'}, ${failed} failed resources)`
  );
}

/** Tells from a summary whether the run is still going, succeeded or failed, and why. */
export function assessPuppetRun(summary: PuppetSummary): PuppetOutcome {
  switch (summary.status) {
    case 'running':
      return { state: 'running', percent: summary.progress.percent };
    case 'idling':
      return { state: 'failed', message: 'No Puppet run was started on the node', summary };
    case 'disabled':
      return { state: 'failed', message: 'Puppet is disabled on the node', summary };
    default:
      break;
  }
  if (summary.exitCode === null) {
    return { state: 'failed', message: 'Puppet run was stopped before it finished', summary };
  }
  const message = failureOf(summary);
  return message === undefined
    ? { state: 'succeeded', summary }
    : { state: 'failed', message, summary };
}

/** How to wait for a run. */
export interface WaitForPuppetOptions {
  /** Pause between polls; Astute's `task_poll_delay` is 1 s. */
  pollMs?: number;
  /** Give up after this long; Astute's puppet task timeout is 90 min. */
  timeoutMs?: number;
  /** Called after every poll while the run goes on. */
  onProgress?(percent: number): void;
}

/** Polls `last_run_summary` until the run ended or the timeout passed (then: failed). */
export async function waitForPuppetRun(
  driver: McoDriver,
  node: string,
  options: WaitForPuppetOptions = {},
): Promise<FinishedPuppetOutcome> {
  const pollMs = options.pollMs ?? 1000;
  const timeoutMs = options.timeoutMs ?? 90 * 60 * 1000;
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const summary = await puppetLastRunSummary(driver, node);
    const outcome = assessPuppetRun(summary);
    if (outcome.state !== 'running') return outcome;
    options.onProgress?.(outcome.percent);
    if (Date.now() >= deadline) {
      const message = `Puppet run did not finish in ${Math.round(timeoutMs / 1000)} s`;
      return { state: 'failed', message, summary };
    }
    await sleep(pollMs);
  }
}
