import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type CliLab, startCliLab } from './support/cli-lab.js';

let lab: CliLab;
beforeAll(async () => {
  lab = await startCliLab();
});
afterAll(() => lab.close());

let counter = 0;

/** Creates an environment through the CLI and answers its id. */
async function createEnv(prefix = 'cli-env'): Promise<{ id: number; name: string }> {
  counter += 1;
  const name = `${prefix}-${counter}`;
  const run = await lab.run(['env', 'create', name, '--json']);
  expect(run.code).toBe(0);
  return { id: JSON.parse(run.stdout).id, name };
}

async function clusterNames(): Promise<string[]> {
  const { rows } = await lab.api.db.query<{ name: string }>(
    'SELECT name FROM clusters ORDER BY id',
  );
  return rows.map((r) => r.name);
}

describe('fuel env create', () => {
  it('creates an environment on the deployable release when none is named', async () => {
    const run = await lab.run(['env', 'create', 'first-env']);

    const created = await lab.api.request('GET', '/api/v1/clusters/');
    expect(run.code).toBe(0);
    expect(run.stdout).toMatch(/^Created environment \d+ 'first-env' on release 1\.\n$/);
    expect(created.body.map((c: { name: string }) => c.name)).toContain('first-env');
  });

  it('refuses a duplicate name with the API message, creating nothing', async () => {
    const { name } = await createEnv();
    const before = await clusterNames();

    const run = await lab.run(['env', 'create', name, '--release', '1']);

    expect(run.code).toBe(1);
    expect(run.stderr).toBe('fuel: Environment with this name already exists\n');
    expect(await clusterNames()).toEqual(before);
  });

  it('refuses an unknown release with the API message', async () => {
    const run = await lab.run(['env', 'create', 'no-release', '--release', '999']);

    expect(run.code).toBe(1);
    expect(run.stderr).toMatch(/^fuel: .*[Rr]elease.*\n$/);
    expect(await clusterNames()).not.toContain('no-release');
  });
});

describe('fuel env list and show', () => {
  it('lists environments in aligned columns', async () => {
    const { id, name } = await createEnv();

    const run = await lab.run(['env', 'list']);

    const [header = '', ...rows] = run.stdout.trimEnd().split('\n');
    const row = rows.find((l) => l.includes(` ${name} `)) ?? '';
    expect(run.code).toBe(0);
    expect(header).toMatch(/^\s*id {2}name\s+status {2}release {2}net\s+changes$/);
    expect(row).toMatch(new RegExp(`^\\s*${id}  ${name}\\s+new\\s+1  `));
    expect(row.slice(header.indexOf('status'))).toMatch(/^new /);
    expect(row.slice(header.indexOf('net '))).toMatch(/^(neutron|nova_network)/);
  });

  it('prints parseable JSON with --json', async () => {
    const { id } = await createEnv();

    const list = await lab.run(['env', 'list', '--json']);
    const show = await lab.run(['env', 'show', String(id), '--json']);

    expect(JSON.parse(list.stdout).map((c: { id: number }) => c.id)).toContain(id);
    expect(JSON.parse(show.stdout)).toMatchObject({ id, status: 'new', release_id: 1 });
  });

  it('shows one environment as aligned fields', async () => {
    const { id, name } = await createEnv();

    const run = await lab.run(['env', 'show', String(id)]);

    expect(run.code).toBe(0);
    expect(run.stdout).toContain(`id            ${id}\n`);
    expect(run.stdout).toContain(`name          ${name}\n`);
    expect(run.stdout).toContain('status        new\n');
  });

  it('answers 1 with the API message for an unknown environment', async () => {
    const run = await lab.run(['env', 'show', '99999']);

    expect(run.code).toBe(1);
    expect(run.stderr).toBe('fuel: Cluster not found\n');
  });
});

describe('fuel env delete', () => {
  it('deletes an empty environment at once', async () => {
    const { id, name } = await createEnv();

    const run = await lab.run(['env', 'delete', String(id), '--wait']);

    expect(run.code).toBe(0);
    expect(run.stdout).toBe(`Environment '${name}' is deleted\n`);
    expect(await clusterNames()).not.toContain(name);
  });

  it('answers 1 for an unknown environment', async () => {
    const run = await lab.run(['env', 'delete', '99999']);

    expect(run.code).toBe(1);
    expect(run.stderr).toBe('fuel: Cluster not found\n');
  });
});

describe('fuel settings', () => {
  it('lists the settings of one group with their values', async () => {
    const { id } = await createEnv();

    const run = await lab.run(['settings', 'get', '--env', String(id), '--group', 'common']);

    expect(run.code).toBe(0);
    expect(run.stdout.split('\n')[0]).toMatch(/^setting\s+value\s+label$/);
    expect(run.stdout).toMatch(/\ncommon\.debug\s+false\s/);
    expect(run.stdout).not.toContain('provision.method');
  });

  it('prints the API JSON with --json', async () => {
    const { id } = await createEnv();

    const all = await lab.run(['settings', 'get', '--env', String(id), '--json']);
    const group = await lab.run([
      'settings',
      'get',
      '--env',
      String(id),
      '--group',
      'common',
      '--json',
    ]);

    expect(JSON.parse(all.stdout).editable.provision.method.value).toBe('image');
    expect(JSON.parse(group.stdout).debug.value).toBe(false);
  });

  it('changes settings, reading values as JSON when they parse', async () => {
    const { id } = await createEnv();

    const run = await lab.run([
      'settings',
      'set',
      '--env',
      String(id),
      'common.debug=true',
      'access.user=operator',
    ]);

    const after = await lab.api.request('GET', `/api/v1/clusters/${id}/attributes`);
    expect(run.code).toBe(0);
    expect(run.stdout).toBe('common.debug = true\naccess.user = operator\n');
    expect(after.body.editable.common.debug.value).toBe(true);
    expect(after.body.editable.access.user.value).toBe('operator');
  });

  it('refuses an unknown setting or group, changing nothing', async () => {
    const { id } = await createEnv();
    const before = await lab.api.request('GET', `/api/v1/clusters/${id}/attributes`);

    const setting = await lab.run(['settings', 'set', '--env', String(id), 'common.debgu=true']);
    const group = await lab.run(['settings', 'get', '--env', String(id), '--group', 'nope']);

    const after = await lab.api.request('GET', `/api/v1/clusters/${id}/attributes`);
    expect(setting.code).toBe(1);
    expect(setting.stderr).toBe("fuel: no setting 'common.debgu'\n");
    expect(group.code).toBe(1);
    expect(group.stderr).toMatch(/^fuel: no settings group 'nope' \(groups: .*common.*\)\n$/);
    expect(after.body).toEqual(before.body);
  });

  it('passes on the API refusal of a bad value', async () => {
    const { id } = await createEnv();

    const run = await lab.run(['settings', 'set', '--env', String(id), 'provision.method=classic']);

    const after = await lab.api.request('GET', `/api/v1/clusters/${id}/attributes`);
    expect(run.code).toBe(1);
    expect(run.stderr).toMatch(/^fuel: .+\n$/);
    expect(after.body.editable.provision.method.value).toBe('image');
  });
});
