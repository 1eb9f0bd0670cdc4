import { spawn } from 'node:child_process';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { applyProgress } from '../../functions/progress/apply.js';
import { RELAY_ERRORS } from '../../statemachines/contracts/step-result.js';
import { buildEnvironment, discoverNodes, waitForTask } from '../support/lab.js';
import {
  type InjectedFailure,
  type ScriptedRelay,
  startScriptedRelay,
} from '../support/scripted-relay.js';
import { type CliLab, type CliRun, startCliLab } from './support/cli-lab.js';

let lab: CliLab;
let relay: ScriptedRelay | undefined;
beforeAll(async () => {
  lab = await startCliLab();
});
afterEach(async () => {
  await relay?.stop();
  relay = undefined;
});
afterAll(() => lab.close());

function startRelay(
  options: { failures?: InjectedFailure[]; holdSteps?: ['node.puppet_apply'] } = {},
) {
  relay = startScriptedRelay(lab.api.runtime, {
    // Paced like a (very fast) real site, so that the stream sees the nodes on their way.
    publish: async (r) => {
      await new Promise((resolve) => setTimeout(resolve, 60));
      return applyProgress(lab.api.deps, r);
    },
    ...options,
  });
  return relay;
}

/** An environment of one controller and `computes` computes; answers its id and node ids. */
async function environment(name: string, computes = 1) {
  const [controller, ...others] = (await discoverNodes(lab.api, 1 + computes)) as [
    number,
    ...number[],
  ];
  const clusterId = await buildEnvironment(lab.api, name, [
    { id: controller, roles: ['controller'] },
    ...others.map((id) => ({ id, roles: ['compute'] })),
  ]);
  return { clusterId, controller, computes: others };
}

async function tasksOf(clusterId: number) {
  const res = await lab.api.request('GET', `/api/v1/tasks/?cluster_id=${clusterId}`);
  return res.body as { id: number; name: string; status: string }[];
}

describe('fuel deploy', () => {
  it('follows the deployment live until it is ready, then prints its message', async () => {
    const env = await environment('cli-deploy', 2);
    startRelay();

    const run = await lab.run(['deploy', '--env', String(env.clusterId)]);

    const lines = run.stdout.trimEnd().split('\n');
    expect(run.code).toBe(0);
    expect(run.stderr).toBe('');
    expect(lines[0]).toMatch(/^Started deploy #\d+ on environment \d+\.$/);
    expect(lines).toContain(`environment ${env.clusterId} 'cli-deploy': deployment`);
    expect(run.stdout).toMatch(/\nnode \S+ \[controller\]: provisioning \d+%\n/);
    expect(lines.filter((l) => /^node \S+ \[controller\]: ready 100%$/.test(l))).toHaveLength(1);
    expect(lines.filter((l) => /^node \S+ \[compute\]: ready 100%$/.test(l))).toHaveLength(2);
    expect(lines).toContainEqual(expect.stringMatching(/^task deploy #\d+: ready 100%$/));
    expect(lines.slice(-2)).toEqual([
      "Provision of environment 'cli-deploy' is done.",
      "Deployment of environment 'cli-deploy' is done.",
    ]);
  });

  it('exits 4 with the failure when the deployment ends in error', async () => {
    const env = await environment('cli-deploy-fails');
    startRelay({
      failures: [
        {
          step: 'node.puppet_apply',
          nodeId: env.controller,
          error: RELAY_ERRORS.puppetFailed,
          message: 'Puppet run failed: 2 resources failed (Exec[keystone-manage])',
          errorType: 'deploy',
        },
      ],
    });

    const run = await lab.run(['deploy', '--env', String(env.clusterId)]);

    expect(run.code).toBe(4);
    expect(run.stderr).toMatch(/^fuel: deploy #\d+ ended in error\n$/);
    expect(run.stdout).toMatch(/\nnode \S+ \[controller\]: error 100% \(deploy error\)\n/);
    expect(run.stdout).toMatch(/\ntask deploy #\d+: error \d+%\n/);
    expect(run.stdout).toContain('Deployment has failed.');
  });

  it('prints the finished task as JSON with --json', async () => {
    const env = await environment('cli-deploy-json');
    startRelay();

    const run = await lab.run(['deploy', '--env', String(env.clusterId), '--json']);

    expect(run.code).toBe(0);
    expect(JSON.parse(run.stdout)).toMatchObject({
      name: 'deploy',
      status: 'ready',
      progress: 100,
    });
  });

  it('only starts the deployment with --no-wait', async () => {
    const env = await environment('cli-deploy-nowait');
    startRelay();

    const run = await lab.run(['deploy', '--env', String(env.clusterId), '--no-wait', '--json']);

    const started = JSON.parse(run.stdout);
    expect(run.code).toBe(0);
    expect(started).toMatchObject({
      name: 'deploy',
      status: expect.stringMatching(/pending|running/),
    });
    expect((await waitForTask(lab.api, started.id)).status).toBe('ready');
  });

  it('passes on the API refusal when there is nothing to deploy, starting nothing', async () => {
    const created = await lab.run(['env', 'create', 'cli-deploy-empty', '--json']);
    const clusterId = JSON.parse(created.stdout).id;

    const run = await lab.run(['deploy', '--env', String(clusterId)]);

    expect(run.code).toBe(1);
    expect(run.stderr).toMatch(/^fuel: .+\n$/);
    expect(await tasksOf(clusterId)).toEqual([]);
  });

  it('stops watching on Ctrl-C with exit 130, leaving the deployment running', async () => {
    const env = await environment('cli-deploy-interrupted');
    const held = startRelay({ holdSteps: ['node.puppet_apply'] });
    const interrupt = new AbortController();
    const watching = lab.run(['deploy', '--env', String(env.clusterId)], {
      signal: interrupt.signal,
    });
    await until(() => held.held.length > 0);

    interrupt.abort();
    const run: CliRun = await watching;

    const [deploy] = await tasksOf(env.clusterId);
    expect(run.code).toBe(130);
    expect(run.stderr).toBe(
      `fuel: stopped watching; task ${deploy?.id} goes on (see \`fuel task show ${deploy?.id}\`)\n`,
    );
    expect(deploy?.status).toBe('running');
    held.release();
    expect((await waitForTask(lab.api, deploy?.id ?? 0)).status).toBe('ready');
  });
});

describe('fuel stop, retry and reset', () => {
  it('stops a running deployment and waits for the stop to finish', async () => {
    const env = await environment('cli-stop');
    const held = startRelay({ holdSteps: ['node.puppet_apply'] });
    await lab.run(['deploy', '--env', String(env.clusterId), '--no-wait']);
    await until(() => held.held.length > 0);

    const stopping = lab.run(['stop', '--env', String(env.clusterId)]);
    await untilAsync(async () =>
      (await tasksOf(env.clusterId)).some((t) => t.name === 'stop_deployment'),
    );
    held.release();
    const run = await stopping;

    const cluster = await lab.api.request('GET', `/api/v1/clusters/${env.clusterId}`);
    expect(run.code).toBe(0);
    expect(run.stdout).toMatch(/^Started stop_deployment #\d+ on environment \d+\.\n/);
    expect(run.stdout).toContain("Deployment of environment 'cli-stop' was successfully stopped.");
    expect(cluster.body.status).toBe('stopped');
  });

  it('retries a failed deployment to the end', async () => {
    const env = await environment('cli-retry');
    startRelay({
      failures: [
        {
          step: 'node.puppet_apply',
          nodeId: env.controller,
          error: RELAY_ERRORS.puppetFailed,
          message: 'Puppet run failed once',
          times: 1,
        },
      ],
    });
    const failed = await lab.run(['deploy', '--env', String(env.clusterId)]);

    const run = await lab.run(['retry', '--env', String(env.clusterId)]);

    expect(failed.code).toBe(4);
    expect(run.code).toBe(0);
    expect(run.stdout).toContain("Deployment of environment 'cli-retry' is done.");
  });

  it('resets a deployed environment', async () => {
    const env = await environment('cli-reset');
    startRelay();
    await lab.run(['deploy', '--env', String(env.clusterId)]);

    const run = await lab.run(['reset', '--env', String(env.clusterId)]);

    const cluster = await lab.api.request('GET', `/api/v1/clusters/${env.clusterId}`);
    expect(run.code).toBe(0);
    expect(run.stdout).toMatch(/^Started reset_environment #\d+/);
    expect(cluster.body.status).toBe('new');
  });

  it('passes on the refusal to stop when nothing runs', async () => {
    const env = await environment('cli-stop-idle');

    const run = await lab.run(['stop', '--env', String(env.clusterId)]);

    expect(run.code).toBe(1);
    expect(run.stderr).toBe(
      "fuel: Nothing to stop - deployment is not running on environment 'cli-stop-idle'\n",
    );
  });
});

describe('fuel env delete --wait', () => {
  it('follows the removal of the nodes until the environment is gone', async () => {
    const env = await environment('cli-delete');
    startRelay();

    const run = await lab.run(['env', 'delete', String(env.clusterId), '--wait']);

    const cluster = await lab.api.request('GET', `/api/v1/clusters/${env.clusterId}`);
    expect(run.stderr).toBe('');
    expect(run.code).toBe(0);
    expect(run.stdout).toMatch(/^Deleting environment \d+ \(task #\d+\)\.\n/);
    expect(run.stdout).toMatch(
      /\n(Successfully removed 2 node\(s\)\. .*|Environment \d+ is deleted\.)\n$/,
    );
    expect(cluster.status).toBe(404);
  });
});

describe('the bin script', () => {
  it('runs the CLI as a process against the server', async () => {
    const child = spawn(process.execPath, ['agent/cli/bin/fuel.mjs', 'task', 'list', '--json'], {
      env: { ...process.env, FUEL_URL: lab.url, FUEL_CLI_CONFIG: lab.configPath },
    });
    let stdout = '';
    child.stdout.on('data', (chunk) => (stdout += chunk));
    const code = await new Promise((resolve) => child.on('close', resolve));

    expect(code).toBe(0);
    expect(Array.isArray(JSON.parse(stdout))).toBe(true);
  });
});

async function until(condition: () => boolean, timeoutMs = 20_000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!condition()) {
    if (Date.now() > deadline) throw new Error('condition not met in time');
    await new Promise((r) => setTimeout(r, 20));
  }
}

async function untilAsync(condition: () => Promise<boolean>, timeoutMs = 20_000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!(await condition())) {
    if (Date.now() > deadline) throw new Error('condition not met in time');
    await new Promise((r) => setTimeout(r, 20));
  }
}
