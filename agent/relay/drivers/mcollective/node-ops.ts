/**
 * Typed operations on one node through our MCollective agents (`agent/mcollective/agents/`):
 * what Astute's tasks do with uploadfile, puppetsync, execute_shell_command, systemtype and
 * erase_node. The Puppet operations live in `puppet-ops.ts` and are re-exported here.
 */
import { z } from 'zod';
import type { McoDriver } from './driver.js';
import { parseReplyData } from './reply-data.js';

export * from './puppet-ops.js';
export * from './puppet-outcome.js';

/** A file to write on the node. */
export interface UploadFileOptions {
  /** Absolute path on the node. */
  path: string;
  /** Written byte for byte (UTF-8). */
  content: string;
  /** Octal mode, default `0644`. */
  permissions?: string;
  /** Mode of directories created on the way, default `0755`. */
  dirPermissions?: string;
  userOwner?: string;
  groupOwner?: string;
  /** Replace an existing file (default false: an existing file fails the call). */
  overwrite?: boolean;
  /** Create missing parent directories (default true). */
  parents?: boolean;
}

/** Where to sync Puppet code from and to. */
export interface PuppetSyncOptions {
  /** `rsync://host/module/` or a path on the node. */
  modulesSource?: string;
  manifestsSource?: string;
  modulesPath?: string;
  manifestsPath?: string;
  rsyncOptions?: string;
}

/** A shell command to run on the node. */
export interface ExecuteOptions {
  cmd: string;
  cwd?: string;
  /** The node kills the command after this long (the call then fails with its output). */
  timeoutSeconds?: number;
}

/** What a command printed and how it ended; a non-zero exit code is not an error here. */
export interface ExecuteResult {
  stdout: string;
  stderr: string;
  exitCode: number;
}

/** What erase_node did, or would do in a dry run. */
export interface EraseResult {
  erased: boolean;
  rebooted: boolean;
  devices: string[];
  nodiscover: string;
}

const messageSchema = z.object({ msg: z.string() });
const executeSchema = z.object({
  stdout: z.string(),
  stderr: z.string(),
  exit_code: z.number().int(),
});
const systemTypeSchema = z.object({ node_type: z.string() });
const eraseSchema = z.object({
  erased: z.boolean(),
  rebooted: z.boolean(),
  devices: z.array(z.string()),
  nodiscover: z.string(),
});

/** Sets `args[key]` only for a defined value, so the agent's defaults apply to the rest. */
function defined(entries: Record<string, unknown>): Record<string, unknown> {
  return Object.fromEntries(Object.entries(entries).filter(([, value]) => value !== undefined));
}

/** Writes a file on the node (atomically: other readers never see half of it). */
export async function uploadFile(
  driver: McoDriver,
  node: string,
  options: UploadFileOptions,
): Promise<string> {
  const site = { agent: 'uploadfile', action: 'upload' };
  const args = defined({
    path: options.path,
    content: options.content,
    permissions: options.permissions,
    dir_permissions: options.dirPermissions,
    user_owner: options.userOwner,
    group_owner: options.groupOwner,
    overwrite: options.overwrite,
    parents: options.parents,
  });
  const data = await driver.callOne(node, { ...site, args });
  return parseReplyData(site, node, messageSchema, data).msg;
}

/** Copies Puppet modules and manifests to the node with rsync. */
export async function puppetSync(
  driver: McoDriver,
  node: string,
  options: PuppetSyncOptions,
): Promise<string> {
  const site = { agent: 'puppetsync', action: 'rsync' };
  const args = defined({
    modules_source: options.modulesSource,
    manifests_source: options.manifestsSource,
    modules_path: options.modulesPath,
    manifests_path: options.manifestsPath,
    rsync_options: options.rsyncOptions,
  });
  const data = await driver.callOne(node, { ...site, args });
  return parseReplyData(site, node, messageSchema, data).msg;
}

/** Runs a command with `/bin/sh -c` on the node. */
export async function execute(
  driver: McoDriver,
  node: string,
  options: ExecuteOptions,
): Promise<ExecuteResult> {
  const site = { agent: 'execute_shell_command', action: 'execute' };
  const args = defined({ cmd: options.cmd, cwd: options.cwd, timeout: options.timeoutSeconds });
  // The answer can only come after the command ends: wait a little longer than its timeout.
  const timeoutSeconds =
    options.timeoutSeconds === undefined ? undefined : options.timeoutSeconds + 5;
  const data = await driver.callOne(node, { ...site, args, timeoutSeconds });
  const parsed = parseReplyData(site, node, executeSchema, data);
  return { stdout: parsed.stdout, stderr: parsed.stderr, exitCode: parsed.exit_code };
}

/** Reads the node's system type marker (`bootstrap`, `image`, `target`, `reprovisioned`). */
export async function getSystemType(driver: McoDriver, node: string): Promise<string> {
  const site = { agent: 'systemtype', action: 'get_type' };
  const data = await driver.callOne(node, site);
  return parseReplyData(site, node, systemTypeSchema, data).node_type;
}

/**
 * Erases the node's boot records and marks it not to rediscover itself, then reboots it;
 * `dryRun` only reports the plan. The node refuses unless its config allows erase (and reboot).
 */
export async function eraseNode(
  driver: McoDriver,
  node: string,
  options: { reboot: boolean; dryRun: boolean },
): Promise<EraseResult> {
  const site = { agent: 'erase_node', action: 'erase_node' };
  const args = { reboot: options.reboot, dry_run: options.dryRun };
  const data = await driver.callOne(node, { ...site, args });
  return parseReplyData(site, node, eraseSchema, data);
}
