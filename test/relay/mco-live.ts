/**
 * The live MCollective the relay tests talk to: `agent/mcollective/setup/ci-setup.sh` starts
 * it (RabbitMQ + STOMP, configs, our agents, mcollectived) or says why it cannot.
 */
import { execFile } from 'node:child_process';
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { promisify } from 'node:util';

const run = promisify(execFile);
const SETUP = new URL('../../agent/mcollective/setup/', import.meta.url).pathname;

/** Runtime directory of the setup (configs, psk, agent state, scratch root). */
export const RUNTIME = process.env.MCO_RUNTIME_DIR ?? '/tmp/fuel-mco';
/** Identity of the local mcollectived. */
export const NODE = process.env.MCO_IDENTITY ?? 'node-1';

/** Whether mcollectived answers, why not, and whether this run started it. */
export interface LiveMcollective {
  ready: boolean;
  reason: string;
  startedHere: boolean;
}

/** Runs ci-setup.sh (a test never installs packages) and reads its verdict. */
export async function startLiveMcollective(): Promise<LiveMcollective> {
  const wasRunning = existsSync(join(RUNTIME, 'mcollectived.pid'));
  let output = '';
  try {
    const result = await run('bash', [join(SETUP, 'ci-setup.sh'), RUNTIME], {
      env: { ...process.env, MCO_SKIP_INSTALL: '1' },
      timeout: 180_000,
    });
    output = result.stdout;
  } catch (error) {
    return { ready: false, reason: `ci-setup.sh failed: ${error}`, startedHere: false };
  }
  const verdict = output.trim().split('\n').at(-1)?.replace('[mco-setup] ', '') ?? '';
  return { ready: verdict.startsWith('ready'), reason: verdict, startedHere: !wasRunning };
}

/** Stops mcollectived when this run started it. */
export async function stopLiveMcollective(live: LiveMcollective): Promise<void> {
  if (live.startedHere) await run('bash', [join(SETUP, 'stop.sh'), RUNTIME]);
}
