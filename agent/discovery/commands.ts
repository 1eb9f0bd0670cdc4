import { execFile } from 'node:child_process';

/**
 * Runs an optional tool (ethtool, dmidecode, lshw) and gives its standard output, or undefined
 * when the tool is missing, fails or outlives the timeout: every caller has a fallback.
 */
export type CommandRunner = (
  command: string,
  args: readonly string[],
  timeoutMs?: number,
) => Promise<string | undefined>;

const DEFAULT_TIMEOUT_MS = 10_000;

/** Where bootstrap images keep the tools, whatever PATH cron or systemd gave the agent. */
const TOOL_PATH = '/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin';

/** Runs tools of this machine through `execFile` (no shell). */
export const systemCommandRunner: CommandRunner = (command, args, timeoutMs) =>
  new Promise((resolve) => {
    execFile(
      command,
      [...args],
      {
        timeout: timeoutMs ?? DEFAULT_TIMEOUT_MS,
        maxBuffer: 64 * 1024 * 1024,
        env: { ...process.env, PATH: TOOL_PATH, LC_ALL: 'C' },
      },
      (error, stdout) => resolve(error ? undefined : stdout),
    );
  });

/** A machine without any optional tool. */
export const noCommands: CommandRunner = async () => undefined;
