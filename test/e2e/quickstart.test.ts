import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { runCli } from '../cli/support/cli-lab.js';
import { type LabStack, startLabStack } from '../lab/support/lab-stack.js';
import { ADMIN_PASSWORD } from '../support/api.js';

/**
 * The README's quickstart as a test: the embedded stack with its simulated data centre, and the
 * operator's commands through the CLI, from login to an operational environment.
 */
describe('the README quickstart', () => {
  let stack: LabStack;
  let home: string;
  let env: Record<string, string>;
  const fuel = (...argv: string[]) => runCli(argv, env);

  beforeAll(async () => {
    stack = await startLabStack({ nodes: 3, speed: 'instant' });
    home = await mkdtemp(join(tmpdir(), 'fuel-quickstart-'));
    env = {
      HOME: home,
      FUEL_CLI_CONFIG: join(home, 'cli.json'),
      FUEL_URL: stack.embedded.url,
      FUEL_CLI_EVENTS_MS: '50',
      FUEL_CLI_POLL_MS: '500',
    };
  });
  afterAll(async () => {
    await stack.close();
    await rm(home, { recursive: true, force: true });
  });

  it('deploys a controller and two computes on the lab and shows it operational', async () => {
    const login = await fuel('login', '--password', ADMIN_PASSWORD);
    await stack.until('three lab nodes discovered', async () => {
      const nodes = await stack.request('GET', '/api/v1/nodes/');
      return nodes.body.length >= 3 ? true : undefined;
    });
    const listed = await fuel('node', 'list', '--json');
    const [a, b, c] = (JSON.parse(listed.stdout) as { id: number }[]).map((n) => String(n.id));
    const created = await fuel('env', 'create', 'quickstart', '--json');
    const envId = String(JSON.parse(created.stdout).id);
    const controller = await fuel(
      'node',
      'assign',
      '--env',
      envId,
      '--node',
      `${a}`,
      '--roles',
      'controller',
    );
    const computes = await fuel(
      'node',
      'assign',
      '--env',
      envId,
      '--node',
      `${b},${c}`,
      '--roles',
      'compute',
    );
    const deploy = await fuel('deploy', '--env', envId);
    const shown = await fuel('env', 'show', envId, '--json');

    expect([login.code, listed.code, created.code, controller.code, computes.code]).toEqual([
      0, 0, 0, 0, 0,
    ]);
    expect(deploy.stderr).toBe('');
    expect(deploy.code).toBe(0);
    expect(deploy.stdout).toMatch(/ready 100%/);
    expect(deploy.stdout).toContain("Deployment of environment 'quickstart' is done.");
    expect(JSON.parse(shown.stdout).status).toBe('operational');
  }, 180_000);
});
