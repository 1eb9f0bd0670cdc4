/**
 * Typed calls to our `puppetd` agent: start a `puppet apply` on a node, and read the state of
 * the current or last run (status, Puppet's counters, progress from the streaming log).
 */
import { z } from 'zod';
import type { McoDriver } from './driver.js';
import { parseReplyData } from './reply-data.js';

/**
 * What the agent says about runs: `running` (apply alive), `stopped` (the last run ended or
 * was stopped), `idling` (no run since the agent's state was created), `disabled`.
 */
export const PUPPET_STATUSES = ['running', 'stopped', 'idling', 'disabled'] as const;
export type PuppetStatus = (typeof PUPPET_STATUSES)[number];

const counters = z.record(z.string(), z.number());

const summarySchema = z.object({
  status: z.enum(PUPPET_STATUSES),
  resources: counters,
  time: counters,
  changes: counters,
  events: counters,
  version: z.record(z.string(), z.union([z.string(), z.number()])),
  progress: z.object({ done: z.number().int(), total: z.number().int(), percent: z.number() }),
  error_messages: z.array(z.string()),
  exit_code: z.number().int().nullable(),
});

const statusSchema = z.object({
  status: z.enum(PUPPET_STATUSES),
  enabled: z.number().int(),
  lastrun: z.number(),
});

/** The state of a node's current or last Puppet run. */
export interface PuppetSummary {
  status: PuppetStatus;
  /** Puppet's resource counters of the last finished run (`failed`, `changed`, `total`...). */
  resources: Record<string, number>;
  /** Timings of the last finished run; `last_run` is its unix time. */
  time: Record<string, number>;
  changes: Record<string, number>;
  events: Record<string, number>;
  version: Record<string, string | number>;
  /** Resources evaluated so far, out of the catalog's total; 100 % once apply ended. */
  progress: { done: number; total: number; percent: number };
  /** Puppet's error lines, resource failures first, as `<resource>: <message>`. */
  errorMessages: string[];
  /** `puppet apply --detailed-exitcodes` code once it ended: 0 or 2 fine, 1, 4, 6 failed. */
  exitCode: number | null;
}

/** What to apply. */
export interface PuppetRunOptions {
  /** Absolute path of the manifest on the node. */
  manifest: string;
  /** Module path on the node (colon separated). */
  modules?: string;
  cwd?: string;
  debug?: boolean;
}

/** Whether runs are allowed and when the last one finished. */
export interface PuppetDaemonStatus {
  status: PuppetStatus;
  enabled: boolean;
  /** Unix time of the last finished run, 0 if none. */
  lastRun: number;
}

const site = (action: string) => ({ agent: 'puppetd', action });

/**
 * Starts `puppet apply` on the node and returns at once. Refused (`McoAgentFailed`) while a
 * run is going on or Puppet is disabled.
 */
export async function puppetRunOnce(
  driver: McoDriver,
  node: string,
  options: PuppetRunOptions,
): Promise<void> {
  const args: Record<string, unknown> = { manifest: options.manifest };
  if (options.modules !== undefined) args.modules = options.modules;
  if (options.cwd !== undefined) args.cwd = options.cwd;
  if (options.debug !== undefined) args.puppet_debug = options.debug;
  await driver.callOne(node, { ...site('runonce'), args });
}

/** Reads the state of the node's current or last run. */
export async function puppetLastRunSummary(
  driver: McoDriver,
  node: string,
): Promise<PuppetSummary> {
  const data = await driver.callOne(node, site('last_run_summary'));
  const parsed = parseReplyData(site('last_run_summary'), node, summarySchema, data);
  const { error_messages: errorMessages, exit_code: exitCode, ...rest } = parsed;
  return { ...rest, errorMessages, exitCode };
}

/** Reads whether a run is going on and whether runs are allowed. */
export async function puppetStatus(driver: McoDriver, node: string): Promise<PuppetDaemonStatus> {
  const data = await driver.callOne(node, site('status'));
  const parsed = parseReplyData(site('status'), node, statusSchema, data);
  return { status: parsed.status, enabled: parsed.enabled === 1, lastRun: parsed.lastrun };
}

/** Stops a run in progress and refuses new ones until `enable`. */
export async function puppetStopAndDisable(driver: McoDriver, node: string): Promise<void> {
  await driver.callOne(node, site('stop_and_disable'));
}

/** Allows runs again after `puppetStopAndDisable`. */
export async function puppetEnable(driver: McoDriver, node: string): Promise<void> {
  await driver.callOne(node, site('enable'));
}
