import { setTimeout as sleep } from 'node:timers/promises';
import { parseArgs } from 'node:util';
import { buildNodePayload, type RunOutcome, runAgent } from './agent.js';
import { type Host, localHost } from './host.js';
import { type AgentLogger, createLogger } from './logger.js';

/** A minute between reports, as the stock agent's cron line ran it. */
export const REPORT_INTERVAL_MS = 60_000;

/** The longest random wait before reporting, so that a rack booting at once is spread out. */
export const MAX_JITTER_MS = 30_000;

/** The text of `--help`. */
export const USAGE = `Usage: nailgun-agent [options]

Describes this node and reports it to Fuel's Nailgun API (POST /api/nodes/,
PUT /api/nodes/agent/).

  --once        report once and exit (for cron or a systemd timer); exit 1 on failure
  --dry-run     print the payload as JSON and exit, sending nothing
  --url <url>   API root to use as is (e.g. http://10.20.0.2:8000/api); by default the
                master named by url= in /etc/nailgun-agent/config.yaml or /proc/cmdline
                is probed on 8443 (HTTPS) then 8000 (HTTP)
  --root <dir>  read /sys, /proc, /etc and /dev below <dir> (a copied or fake tree);
                no tool (ethtool, dmidecode, lshw) is run then
  --no-jitter   skip the random wait of up to 30 s before reporting
  --debug       log decisions too
  --help        show this text
`;

/** What the CLI touches outside its arguments; tests replace parts of it. */
export interface CliIo {
  stdout?: (text: string) => void;
  stderr?: (text: string) => void;
  logger?: AgentLogger;
  /** The machine for a root directory. */
  host?: (root: string) => Host;
  /** Stops the report loop. */
  signal?: AbortSignal;
  random?: () => number;
}

const OPTIONS = {
  once: { type: 'boolean' },
  'dry-run': { type: 'boolean' },
  url: { type: 'string' },
  root: { type: 'string' },
  'no-jitter': { type: 'boolean' },
  debug: { type: 'boolean' },
  help: { type: 'boolean' },
} as const;

type CliValues = ReturnType<typeof parseArgs<{ options: typeof OPTIONS }>>['values'];

/** Waits; false when the signal ended the wait. */
async function pause(ms: number, signal: AbortSignal | undefined): Promise<boolean> {
  try {
    await sleep(ms, undefined, { signal });
    return true;
  } catch {
    return false;
  }
}

/** Reports every interval until the signal stops the wait. */
async function loop(
  run: () => Promise<RunOutcome>,
  signal: AbortSignal | undefined,
): Promise<void> {
  do await run();
  while (await pause(REPORT_INTERVAL_MS, signal));
}

function stdoutOf(io: CliIo): (text: string) => void {
  return io.stdout ?? ((text) => process.stdout.write(text));
}

async function execute(values: CliValues, io: CliIo): Promise<number> {
  const logger = io.logger ?? createLogger(values.debug ? 'debug' : 'info');
  const host = (io.host ?? localHost)(values.root ?? '/');
  if (values['dry-run']) {
    const payload = await buildNodePayload(host, logger, values.url);
    stdoutOf(io)(`${JSON.stringify(payload, null, 2)}\n`);
    return 0;
  }
  const jitter = values['no-jitter'] ? 0 : Math.floor((io.random ?? Math.random)() * MAX_JITTER_MS);
  logger.debug('waiting before report', { wait_ms: jitter });
  if (!(await pause(jitter, io.signal))) return 0;
  const run = () => runAgent(host, { apiUrl: values.url, logger });
  if (!values.once) {
    await loop(run, io.signal);
    return 0;
  }
  return (await run()).state === 'failed' ? 1 : 0;
}

/** Runs the agent with command-line arguments; resolves to the process exit code. */
export async function runCli(argv: readonly string[], io: CliIo = {}): Promise<number> {
  const stderr = io.stderr ?? ((t: string) => process.stderr.write(t));
  let values: CliValues;
  try {
    values = parseArgs({ args: [...argv], options: OPTIONS, strict: true }).values;
  } catch (error) {
    stderr(`${(error as Error).message}\n\n${USAGE}`);
    return 2;
  }
  if (values.help) {
    stdoutOf(io)(USAGE);
    return 0;
  }
  return execute(values, io);
}
