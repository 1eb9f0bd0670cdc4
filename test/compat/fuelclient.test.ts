import { execFile, execFileSync } from 'node:child_process';
import type { AddressInfo } from 'node:net';
import { promisify } from 'node:util';
import { serve } from '@hono/node-server';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ADMIN_PASSWORD, startTestApi, type TestApi } from '../support/api.js';

const PYTHON = '/usr/bin/python3';

function keystoneclientInstalled(): boolean {
  try {
    execFileSync(PYTHON, ['-c', 'import keystoneclient.v2_0.client'], { stdio: 'ignore' });
    return true;
  } catch {
    return false;
  }
}

const available = keystoneclientInstalled();
if (!available) {
  console.warn(
    "skipping fuelclient compatibility: Debian's python3-keystoneclient is not installed",
  );
}

describe.skipIf(!available)('the stock Keystone v2 client and fuelclient call sequence', () => {
  let api: TestApi;
  let server: ReturnType<typeof serve>;
  let root: string;

  beforeAll(async () => {
    api = await startTestApi();
    server = serve({ fetch: api.app.fetch, port: 0, hostname: '127.0.0.1' });
    await new Promise((resolve) => server.once('listening', resolve));
    root = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  });
  afterAll(async () => {
    server.close();
    await api.close();
  });

  it('logs in with keystoneclient and lists releases, environments, nodes and tasks', async () => {
    const { stdout } = await promisify(execFile)(
      PYTHON,
      ['test/compat/fuelclient_flow.py', root, ADMIN_PASSWORD],
      { env: { ...process.env, NO_PROXY: '127.0.0.1', no_proxy: '127.0.0.1' }, timeout: 60_000 },
    );
    const seen = JSON.parse(stdout);

    expect(seen.version_without_token).toBe(401);
    expect(seen.token_prefix).toBe('f1.');
    expect(seen['version/']).toMatchObject({ status: 200, body: { auth_required: true } });
    expect(seen['releases/'].body[0]).toMatchObject({ version: 'newton-10.0', state: 'available' });
    expect(seen['clusters/']).toEqual({ status: 200, body: [] });
    expect(seen['nodes/']).toEqual({ status: 200, body: [] });
    expect(seen['transactions/'].status).toBe(200);
    expect(seen.env_create).toMatchObject({ status: 201, body: { name: 'from-fuelclient' } });
  });
});
