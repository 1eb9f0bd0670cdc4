/**
 * Puppet on a virtual node, as our `puppetd` agent reports it: a run compiles its catalog for a
 * while, then evaluates resources, slowly at first, faster in the middle, slowly at the end,
 * and ends with `--detailed-exitcodes` 2 (changes applied). A run killed by `stop_and_disable`
 * or a reboot has no exit code. Time comes from `now`, so progress rises between polls.
 */

import type { PuppetStatus } from '../../../agent/relay/drivers/mcollective/index.js';

/** Share of a run spent compiling the catalog, before the first resource is evaluated. */
const COMPILE_SHARE = 0.15;
/** How uneven evaluation is: 0 is linear, 1 the steepest curve that still only rises. */
const UNEVENNESS = 0.6;
/** `--detailed-exitcodes`: the run succeeded and changed resources. */
const CHANGED_EXIT_CODE = 2;
/** Puppet of Fuel 10's Ubuntu 16.04 nodes. */
const PUPPET_VERSION = '3.8.5';

interface Run {
  startedAt: number;
  durationMs: number;
  total: number;
  killedAt?: number;
}

/** Resources evaluated after `fraction` of a run: none while compiling, then an S-curve. */
function evaluated(fraction: number, total: number): { done: number; total: number } {
  if (fraction < COMPILE_SHARE) return { done: 0, total: 0 };
  const x = Math.min(1, (fraction - COMPILE_SHARE) / (1 - COMPILE_SHARE));
  const curve = x - (UNEVENNESS * Math.sin(2 * Math.PI * x)) / (2 * Math.PI);
  return { done: Math.floor(total * curve), total };
}

const seconds = (ms: number) => Math.round(ms) / 1000;

/** One node's Puppet. */
export class SimulatedPuppet {
  /** Runs started since the node booted. */
  runs = 0;
  #enabled = true;
  #run: Run | undefined;
  readonly #now: () => number;

  constructor(now: () => number = Date.now) {
    this.#now = now;
  }

  get enabled(): boolean {
    return this.#enabled;
  }

  get status(): PuppetStatus {
    if (this.#run !== undefined && this.#running(this.#run)) return 'running';
    if (!this.#enabled) return 'disabled';
    return this.#run === undefined ? 'idling' : 'stopped';
  }

  /** Unix time the last run ended, 0 if none did. */
  get lastRun(): number {
    const run = this.#run;
    if (run === undefined || this.#running(run) || run.killedAt !== undefined) return 0;
    return Math.floor((run.startedAt + run.durationMs) / 1000);
  }

  /** Starts a run; the refusal's message when one is going on or Puppet is disabled. */
  start(durationMs: number, total: number): string | undefined {
    if (!this.#enabled) return 'Puppet is disabled: disabled by stop_and_disable';
    if (this.status === 'running') return 'Puppet is already running';
    this.#run = { startedAt: this.#now(), durationMs, total };
    this.runs += 1;
    return undefined;
  }

  /** Kills a run in progress and refuses new ones; true when a run was killed. */
  stopAndDisable(): boolean {
    this.#enabled = false;
    return this.#kill();
  }

  enable(): void {
    this.#enabled = true;
  }

  /** A reboot: the run in progress dies with the machine. */
  reset(): void {
    this.#kill();
    this.#run = undefined;
    this.runs = 0;
  }

  /** `puppetd.last_run_summary`'s data. */
  summary(): Record<string, unknown> {
    const run = this.#run;
    const base = { status: this.status, error_messages: [] as string[] };
    if (run === undefined) {
      return {
        ...base,
        ...emptyCounters(),
        progress: { done: 0, total: 0, percent: 0 },
        exit_code: null,
      };
    }
    const finished = !this.#running(run) && run.killedAt === undefined;
    const end = run.killedAt ?? this.#now();
    const { done, total } = finished
      ? { done: run.total, total: run.total }
      : evaluated((end - run.startedAt) / run.durationMs, run.total);
    const percent = finished ? 100 : total > 0 ? Math.min(99, Math.floor((done * 100) / total)) : 0;
    const counters = finished ? finishedCounters(run) : emptyCounters();

    return {
      ...base,
      ...counters,
      progress: { done, total, percent },
      exit_code: finished ? CHANGED_EXIT_CODE : null,
    };
  }

  #running(run: Run): boolean {
    return run.killedAt === undefined && this.#now() - run.startedAt < run.durationMs;
  }

  #kill(): boolean {
    const run = this.#run;
    if (run === undefined || !this.#running(run)) return false;
    run.killedAt = this.#now();
    return true;
  }
}

/** While a run goes on, the agent has no summary file: every counter group is empty. */
function emptyCounters(): Record<string, Record<string, never>> {
  return { resources: {}, time: {}, changes: {}, events: {}, version: {} };
}

function finishedCounters(run: Run): Record<string, Record<string, number | string>> {
  const changed = Math.round(run.total * 0.62);
  return {
    resources: {
      total: run.total,
      changed,
      out_of_sync: changed,
      skipped: 0,
      failed: 0,
      failed_to_restart: 0,
      restarted: Math.round(run.total * 0.02),
      scheduled: 0,
    },
    time: {
      config_retrieval: seconds(run.durationMs * COMPILE_SHARE),
      total: seconds(run.durationMs),
      last_run: Math.floor((run.startedAt + run.durationMs) / 1000),
    },
    changes: { total: changed },
    events: { failure: 0, success: changed, total: changed },
    version: { config: Math.floor(run.startedAt / 1000), puppet: PUPPET_VERSION },
  };
}
