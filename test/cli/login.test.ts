import { readFile, stat, writeFile } from 'node:fs/promises';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ADMIN_PASSWORD } from '../support/api.js';
import { type CliLab, startCliLab } from './support/cli-lab.js';

let lab: CliLab;
beforeAll(async () => {
  lab = await startCliLab();
});
afterAll(() => lab.close());

async function savedSession(): Promise<Record<string, string>> {
  return JSON.parse(await readFile(lab.configPath, 'utf8'));
}

describe('fuel login', () => {
  it('saves the server, the user and the token in a file only its owner reads', async () => {
    const run = await lab.run([
      'login',
      '--url',
      lab.url,
      '--user',
      'admin',
      '--password',
      ADMIN_PASSWORD,
    ]);

    const saved = await savedSession();
    const mode = (await stat(lab.configPath)).mode & 0o777;
    expect(run.code).toBe(0);
    expect(run.stdout).toContain(`Logged in to ${lab.url} as admin`);
    expect(saved).toMatchObject({ url: lab.url, user: 'admin' });
    expect(saved.token).toMatch(/\S{20,}/);
    expect(Date.parse(saved.expires ?? '')).toBeGreaterThan(Date.now());
    expect(mode).toBe(0o600);
  });

  it('refuses a wrong password with the API message, exit 1, keeping the old session', async () => {
    const before = await readFile(lab.configPath, 'utf8');

    const run = await lab.run(['login', '--password', 'wrong-password']);

    expect(run.code).toBe(1);
    expect(run.stderr).toBe('fuel: Invalid username, password or token\n');
    expect(run.stdout).toBe('');
    expect(await readFile(lab.configPath, 'utf8')).toBe(before);
  });

  it('reads the password from a pipe when none is given', async () => {
    const run = await lab.run(['login'], {
      stdin: `${ADMIN_PASSWORD}\n`,
      env: { FUEL_PASSWORD: undefined },
    });

    expect(run.code).toBe(0);
  });

  it('refuses an empty password as a usage error', async () => {
    const run = await lab.run(['login'], { stdin: '' });

    expect(run.code).toBe(2);
    expect(run.stderr).toContain('a password is required');
  });

  it('prints the Keystone answer with --json', async () => {
    const run = await lab.run(['login', '--password', ADMIN_PASSWORD, '--json']);

    expect(run.code).toBe(0);
    expect(JSON.parse(run.stdout).access.token.id).toBe((await savedSession()).token);
  });
});

describe('a command without a valid session', () => {
  it('asks for fuel login when the session expired', async () => {
    const saved = await savedSession();
    await writeFile(lab.configPath, JSON.stringify({ ...saved, expires: '2001-01-01T00:00:00Z' }));

    const run = await lab.run(['env', 'list']);
    await lab.run(['login', '--password', ADMIN_PASSWORD]);

    expect(run.code).toBe(1);
    expect(run.stderr).toContain('the session expired at 2001-01-01T00:00:00Z');
    expect(run.stderr).toContain('run `fuel login`');
  });

  it('logs in by itself with FUEL_USER and FUEL_PASSWORD', async () => {
    const other = `${lab.configPath}.other`;

    const run = await lab.run(['env', 'list', '--json'], {
      env: { FUEL_CLI_CONFIG: other, FUEL_USER: 'admin', FUEL_PASSWORD: ADMIN_PASSWORD },
    });

    expect(run.code).toBe(0);
    expect(JSON.parse(await readFile(other, 'utf8'))).toMatchObject({ url: lab.url });
  });

  it('answers 1 with a hint when the token is refused', async () => {
    const saved = await savedSession();
    await writeFile(lab.configPath, JSON.stringify({ ...saved, token: 'forged' }));

    const run = await lab.run(['env', 'list']);
    await lab.run(['login', '--password', ADMIN_PASSWORD]);

    expect(run.code).toBe(1);
    expect(run.stderr).toMatch(/^fuel: .+ \(run `fuel login`\)\n$/);
  });

  it('is not logged in to another server than the saved one', async () => {
    const run = await lab.run(['task', 'list'], { env: { FUEL_URL: 'http://127.0.0.2:8000' } });

    expect(run.code).toBe(1);
    expect(run.stderr).toBe('fuel: not logged in to http://127.0.0.2:8000: run `fuel login`\n');
  });
});
