/**
 * Records `agent/cli/examples/deploy-transcript.txt`: a 3-node environment (1 controller,
 * 2 computes) created and deployed with the CLI against the whole system in-process, the relay
 * scripted and paced like a quick lab. Run: `npx tsx test/cli/record-transcript.ts`.
 * The server's random port is shown as the default http://127.0.0.1:8000.
 */
import { writeFile } from 'node:fs/promises';
import { applyProgress } from '../../functions/progress/apply.js';
import { ADMIN_PASSWORD } from '../support/api.js';
import { discoverNodes } from '../support/lab.js';
import { startScriptedRelay } from '../support/scripted-relay.js';
import { startCliLab } from './support/cli-lab.js';

const OUTPUT = new URL('../../agent/cli/examples/deploy-transcript.txt', import.meta.url);
const PACE_MS = 150;

async function record(): Promise<void> {
  const lab = await startCliLab();
  const relay = startScriptedRelay(lab.api.runtime, {
    publish: async (report) => {
      await new Promise((resolve) => setTimeout(resolve, PACE_MS));
      return applyProgress(lab.api.deps, report);
    },
  });
  let transcript = '';
  const fuel = async (argv: string[], stdin?: string) => {
    const run = await lab.run(argv, {
      env: { FUEL_CLI_EVENTS_MS: '100' },
      ...(stdin === undefined ? {} : { stdin }),
    });
    const shown = argv.map((arg) => (arg.includes(' ') ? `'${arg}'` : arg)).join(' ');
    transcript += `$ fuel ${shown}${stdin === undefined ? '' : ' < password.txt'}\n`;
    transcript += `${run.stdout}${run.stderr}`;
    transcript += run.code === 0 ? '\n' : `(exit ${run.code})\n\n`;
  };
  try {
    const [controller, computeA, computeB] = await discoverNodes(lab.api, 3);
    await fuel(['login', '--url', lab.url, '--user', 'admin'], `${ADMIN_PASSWORD}\n`);
    await fuel(['env', 'create', 'lab']);
    await fuel(['node', 'list']);
    await fuel([
      'node',
      'assign',
      '--env',
      '1',
      '--node',
      `${controller}`,
      '--roles',
      'controller',
    ]);
    await fuel([
      'node',
      'assign',
      '--env',
      '1',
      '--node',
      `${computeA},${computeB}`,
      '--roles',
      'compute',
    ]);
    await fuel(['deploy', '--env', '1']);
    await fuel(['node', 'list', '--env', '1']);
    await fuel(['env', 'show', '1']);
    await writeFile(
      OUTPUT,
      `${transcript.replaceAll(lab.url, 'http://127.0.0.1:8000').trimEnd()}\n`,
    );
  } finally {
    await relay.stop();
    await lab.close();
  }
}

await record();
