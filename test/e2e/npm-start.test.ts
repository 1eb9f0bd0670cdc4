import { type ChildProcess, spawn } from 'node:child_process';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';

interface TokenReply {
  access: { token: { id: string } };
}

interface Started {
  child: ChildProcess;
  url: string;
  stderr: string;
}

/** Starts the embedded mode as `npm start` does, on a free port and a data dir of its own. */
async function start(dataDir: string): Promise<Started> {
  const child = spawn(process.execPath, ['--import', 'tsx', 'infra/local/main.ts'], {
    env: {
      ...process.env,
      PORT: '0',
      FUEL_DATA_DIR: dataDir,
      DATABASE_URL: '',
      FUEL_ADMIN_PASSWORD: '',
      // The lab has tests of its own; this one is about the host and its data directory.
      FUEL_LAB_NODES: '0',
    },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let stderr = '';
  child.stderr?.on('data', (chunk) => {
    stderr += String(chunk);
  });
  const url = await new Promise<string>((resolve, reject) => {
    let out = '';
    const timer = setTimeout(() => reject(new Error(`no start in time: ${out} ${stderr}`)), 60_000);
    child.stdout?.on('data', (chunk) => {
      out += String(chunk);
      const m = /"message":"api listening","url":"(http:[^"]+)"/.exec(out);
      if (m?.[1]) {
        clearTimeout(timer);
        resolve(m[1]);
      }
    });
    child.once('exit', (code) => reject(new Error(`exited ${code}: ${stderr}`)));
  });
  return {
    child,
    url,
    get stderr() {
      return stderr;
    },
  };
}

async function stop(started: Started): Promise<void> {
  const exited = new Promise((resolve) => started.child.once('exit', resolve));
  started.child.kill('SIGTERM');
  await exited;
}

async function login(url: string, password: string): Promise<Response> {
  return fetch(url.replace(/\/api$/, '/keystone/v2.0/tokens'), {
    method: 'POST',
    headers: { 'Content-Type': 'application/json' },
    body: JSON.stringify({ auth: { passwordCredentials: { username: 'admin', password } } }),
  });
}

const dirs: string[] = [];
afterAll(async () => {
  await Promise.all(dirs.map((d) => rm(d, { recursive: true, force: true })));
});

describe('npm start (embedded mode)', () => {
  it('serves the API on PGlite, prints a generated admin password once, and keeps data across restarts', async () => {
    const dataDir = await mkdtemp(join(tmpdir(), 'fuel-start-'));
    dirs.push(dataDir);

    const first = await start(dataDir);
    const password = /password (\S+)/.exec(first.stderr)?.[1] ?? '';
    const token = ((await (await login(first.url, password)).json()) as TokenReply).access.token.id;
    const created = await fetch(`${first.url}/v1/releases/`, {
      method: 'POST',
      headers: { 'X-Auth-Token': token },
      body: JSON.stringify({ name: 'Kept', version: 'k-1', operating_system: 'Ubuntu' }),
    });
    await stop(first);
    const second = await start(dataDir);
    const again = await login(second.url, password);
    const token2 = ((await again.json()) as TokenReply).access.token.id;
    const listed = await fetch(`${second.url}/v1/releases/`, {
      headers: { 'X-Auth-Token': token2 },
    });
    const releases = (await listed.json()) as { name: string }[];
    await stop(second);

    expect(password).toMatch(/^[\w-]{20}$/);
    expect(created.status).toBe(201);
    expect(second.stderr).not.toContain('password');
    expect(again.status).toBe(200);
    expect(releases.map((r) => r.name)).toEqual(
      expect.arrayContaining(['Newton on Ubuntu 16.04', 'Kept']),
    );
  }, 120_000);
});
