import { spawn } from 'node:child_process';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type CliRun, deadUrl, runCli } from './support/cli-lab.js';

let dir: string;
let env: Record<string, string>;
beforeAll(async () => {
  dir = await mkdtemp(join(tmpdir(), 'fuel-cli-usage-'));
  env = { FUEL_CLI_CONFIG: join(dir, 'cli.json'), HOME: dir };
});
afterAll(() => rm(dir, { recursive: true, force: true }));

const run = (argv: string[], extra: Record<string, string> = {}) =>
  runCli(argv, { ...env, ...extra });

describe('fuel without a command', () => {
  it('prints the overview on stderr and exits 2', async () => {
    const result = await run([]);

    expect(result.code).toBe(2);
    expect(result.stderr).toContain('usage: fuel <command>');
    expect(result.stdout).toBe('');
  });

  it('prints the overview on stdout with --help', async () => {
    const result = await run(['--help']);

    expect(result.code).toBe(0);
    expect(result.stdout).toMatch(/Commands:\n {2}login\s+Log in/);
  });
});

describe('usage errors', () => {
  const cases: [string, string[], string][] = [
    ['an unknown command', ['deploi'], "unknown command 'deploi'"],
    ['a missing subcommand', ['env'], 'a subcommand is required'],
    ['an unknown subcommand', ['env', 'rename'], "unknown subcommand 'rename'"],
    ['an unknown option', ['env', 'list', '--colour'], "Unknown option '--colour'"],
    ['an option without its value', ['deploy', '--env'], "Option '--env <value>' argument missing"],
    ['a missing --env', ['deploy'], '--env is required'],
    [
      'an id that is not a number',
      ['env', 'show', 'first'],
      "ID must be a positive integer, not 'first'",
    ],
    ['an extra argument', ['task', 'show', '1', '2'], "unexpected argument '2'"],
    [
      'a setting without a group',
      ['settings', 'set', '--env', '1', 'debug=true'],
      "'debug=true' is not GROUP.ATTR=VALUE",
    ],
    [
      'a setting without a value',
      ['settings', 'set', '--env', '1'],
      'GROUP.ATTR=VALUE is required',
    ],
    [
      'a login URL that is not one',
      ['login', '--url', 'fuel:8000', '--password', 'x'],
      "'fuel:8000' is not an http or https URL",
    ],
  ];

  it.each(cases)('exit 2 for %s, with the reason and the usage', async (_what, argv, reason) => {
    const result = await run(argv);

    expect(result.code).toBe(2);
    expect(result.stderr).toContain(reason);
    expect(result.stdout).toBe('');
  });

  it('shows the usage of a command with --help', async () => {
    const result = await run(['settings', 'set', '--help']);

    expect(result.code).toBe(0);
    expect(result.stdout).toContain('usage: fuel settings get --env ID');
  });
});

describe('a server that cannot be reached', () => {
  it('exits 3 naming the server', async () => {
    const url = await deadUrl();

    const login = await run(['login', '--url', url, '--password', 'secret']);
    const list = await run(['env', 'list'], { FUEL_URL: url, FUEL_PASSWORD: 'secret' });

    expect(login.code).toBe(3);
    expect(login.stderr).toMatch(
      new RegExp(`^fuel: cannot reach the server at ${url}: ECONNREFUSED`),
    );
    expect(list.code).toBe(3);
  });
});

describe('the bin script', () => {
  it('runs the CLI as a process with its exit code', async () => {
    const result = await new Promise<CliRun>((resolve) => {
      const child = spawn(process.execPath, ['agent/cli/bin/fuel.mjs', 'env', 'show', 'x'], {
        env: { ...process.env, ...env },
      });
      let stdout = '';
      let stderr = '';
      child.stdout.on('data', (chunk) => (stdout += chunk));
      child.stderr.on('data', (chunk) => (stderr += chunk));
      child.on('close', (code) => resolve({ code: code ?? -1, stdout, stderr }));
    });

    expect(result.code).toBe(2);
    expect(result.stderr).toContain("ID must be a positive integer, not 'x'");
  });
});
