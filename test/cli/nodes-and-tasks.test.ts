import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { discoverNodes } from '../support/lab.js';
import { type CliLab, startCliLab } from './support/cli-lab.js';

let lab: CliLab;
beforeAll(async () => {
  lab = await startCliLab();
});
afterAll(() => lab.close());

let counter = 0;

async function createEnv(): Promise<number> {
  counter += 1;
  const run = await lab.run(['env', 'create', `nodes-env-${counter}`, '--json']);
  expect(run.code).toBe(0);
  return JSON.parse(run.stdout).id;
}

async function nodeRow(id: number) {
  const { rows } = await lab.api.db.query<{ cluster_id: number | null; pending_roles: string[] }>(
    'SELECT cluster_id, pending_roles FROM nodes WHERE id = $1',
    [id],
  );
  return rows[0];
}

describe('fuel node list', () => {
  it('lists discovered nodes in aligned columns', async () => {
    const [id] = (await discoverNodes(lab.api, 1)) as [number];

    const run = await lab.run(['node', 'list']);

    const [header = '', ...rows] = run.stdout.trimEnd().split('\n');
    const row = rows.find((l) => l.trimStart().startsWith(`${id} `)) ?? '';
    expect(run.code).toBe(0);
    expect(header).toMatch(
      /^\s*id\s+hostname\s+status\s+online\s+env\s+roles\s+pending roles\s+ip\s+mac$/,
    );
    expect(row.slice(header.indexOf('status'))).toMatch(/^discover /);
    expect(row.slice(header.indexOf('online'))).toMatch(/^yes /);
    expect(row).toMatch(/52:54:00:aa:00:[0-9a-f]{2}$/);
  });

  it('lists the nodes of one environment, as JSON with --json', async () => {
    const envId = await createEnv();
    const [inside, outside] = (await discoverNodes(lab.api, 2)) as [number, number];
    await lab.run([
      'node',
      'assign',
      '--env',
      String(envId),
      '--node',
      String(inside),
      '--roles',
      'compute',
    ]);

    const run = await lab.run(['node', 'list', '--env', String(envId), '--json']);

    const ids = JSON.parse(run.stdout).map((n: { id: number }) => n.id);
    expect(run.code).toBe(0);
    expect(ids).toEqual([inside]);
    expect(ids).not.toContain(outside);
  });
});

describe('fuel node assign and unassign', () => {
  it('adds nodes to an environment with pending roles', async () => {
    const envId = await createEnv();
    const [a, b] = (await discoverNodes(lab.api, 2)) as [number, number];

    const run = await lab.run([
      'node',
      'assign',
      '--env',
      String(envId),
      '--node',
      `${a},${b}`,
      '--roles',
      'controller,cinder',
    ]);

    expect(run.code).toBe(0);
    expect(run.stdout).toBe(
      `Assigned nodes ${a}, ${b} to environment ${envId} as controller, cinder.\n`,
    );
    expect(await nodeRow(a)).toEqual({
      cluster_id: envId,
      pending_roles: ['controller', 'cinder'],
    });
    expect(await nodeRow(b)).toEqual({
      cluster_id: envId,
      pending_roles: ['controller', 'cinder'],
    });
  });

  it('passes on the API refusal of an unknown node, assigning none', async () => {
    const envId = await createEnv();
    const [a] = (await discoverNodes(lab.api, 1)) as [number];

    const run = await lab.run([
      'node',
      'assign',
      '--env',
      String(envId),
      '--node',
      `${a},99999`,
      '--roles',
      'compute',
    ]);

    expect(run.code).toBe(1);
    expect(run.stderr).toBe('fuel: Nodes with ids 99999 were not found.\n');
    expect(await nodeRow(a)).toEqual({ cluster_id: null, pending_roles: [] });
  });

  it('passes on the API refusal of an unknown role', async () => {
    const envId = await createEnv();
    const [a] = (await discoverNodes(lab.api, 1)) as [number];

    const run = await lab.run([
      'node',
      'assign',
      '--env',
      String(envId),
      '--node',
      String(a),
      '--roles',
      'wizard',
    ]);

    expect(run.code).toBe(1);
    expect(run.stderr).toMatch(/^fuel: .*wizard.*\n$/);
    expect(await nodeRow(a)).toEqual({ cluster_id: null, pending_roles: [] });
  });

  it('takes a node back out of its environment', async () => {
    const envId = await createEnv();
    const [a] = (await discoverNodes(lab.api, 1)) as [number];
    await lab.run([
      'node',
      'assign',
      '--env',
      String(envId),
      '--node',
      String(a),
      '--roles',
      'compute',
    ]);

    const run = await lab.run(['node', 'unassign', '--env', String(envId), '--node', String(a)]);

    expect(run.code).toBe(0);
    expect(run.stdout).toBe(`Took node ${a} out of environment ${envId}.\n`);
    expect(await nodeRow(a)).toEqual({ cluster_id: null, pending_roles: [] });
  });

  it('needs --env, --node and --roles', async () => {
    const noRoles = await lab.run(['node', 'assign', '--env', '1', '--node', '1']);
    const badIds = await lab.run(['node', 'unassign', '--env', '1', '--node', '1,x']);

    expect(noRoles.code).toBe(2);
    expect(noRoles.stderr).toContain('--roles is required');
    expect(badIds.code).toBe(2);
    expect(badIds.stderr).toContain("--node must be a positive integer, not 'x'");
  });
});

describe('fuel task', () => {
  it('lists tasks and shows one', async () => {
    const envId = await createEnv();
    const deleted = await lab.run(['env', 'delete', String(envId), '--json']);
    const taskId = JSON.parse(deleted.stdout).id;

    const list = await lab.run(['task', 'list']);
    const listJson = await lab.run(['task', 'list', '--json']);
    const show = await lab.run(['task', 'show', String(taskId)]);

    const row = list.stdout.split('\n').find((l) => l.trimStart().startsWith(`${taskId} `)) ?? '';
    expect(list.code).toBe(0);
    expect(row).toMatch(/cluster_deletion\s+ready\s+100%/);
    expect(JSON.parse(listJson.stdout).map((t: { id: number }) => t.id)).toContain(taskId);
    expect(show.stdout).toContain(`id        ${taskId}\n`);
    expect(show.stdout).toMatch(/message\s+Environment 'nodes-env-\d+' is deleted\n/);
  });

  it('answers 1 for an unknown task', async () => {
    const run = await lab.run(['task', 'show', '99999']);

    expect(run.code).toBe(1);
    expect(run.stderr).toBe('fuel: Task not found\n');
  });
});

describe('fuel notifications', () => {
  it('lists notifications, only the unread ones with --unread', async () => {
    const all = await lab.api.request('GET', '/api/v1/notifications');
    const first = all.body[0] as { id: number };
    await lab.api.request('PUT', `/api/v1/notifications/${first.id}`, { body: { status: 'read' } });

    const table = await lab.run(['notifications']);
    const unread = await lab.run(['notifications', '--unread', '--json']);

    expect(table.code).toBe(0);
    expect(table.stdout.split('\n')[0]).toMatch(/^\s*id\s+date\s+topic\s+status\s+env\s+message$/);
    expect(table.stdout.trimEnd().split('\n')).toHaveLength(all.body.length + 1);
    const unreadIds = JSON.parse(unread.stdout).map((n: { id: number }) => n.id);
    expect(unreadIds).not.toContain(first.id);
    expect(unreadIds).toHaveLength(all.body.length - 1);
  });
});
