import { mkdtemp, rm } from 'node:fs/promises';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Readable } from 'node:stream';
import { type ServerType, serve } from '@hono/node-server';
import type { CliIo } from '../../../agent/cli/io.js';
import { main } from '../../../agent/cli/main.js';
import { ADMIN_PASSWORD, startTestApi, type TestApi } from '../../support/api.js';

/** What one run of the CLI did. */
export interface CliRun {
  code: number;
  stdout: string;
  stderr: string;
}

export interface RunOptions {
  /** Variables added to (or, when undefined, removed from) the CLI's environment. */
  env?: Record<string, string | undefined>;
  /** Text on stdin (a pipe). */
  stdin?: string;
  signal?: AbortSignal;
}

/** The API served over real HTTP on 127.0.0.1, and the CLI run in-process against it. */
export interface CliLab {
  api: TestApi;
  url: string;
  /** Where this lab's CLI keeps its session. */
  configPath: string;
  run(argv: string[], options?: RunOptions): Promise<CliRun>;
  close(): Promise<void>;
}

/** Starts the API, serves it on a free port, and logs the CLI in as admin. */
export async function startCliLab(): Promise<CliLab> {
  const api = await startTestApi();
  const server = serve({ fetch: api.app.fetch, port: 0, hostname: '127.0.0.1' });
  await new Promise<void>((resolve) => server.once('listening', () => resolve()));
  const url = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  const dir = await mkdtemp(join(tmpdir(), 'fuel-cli-'));
  const configPath = join(dir, 'fuel-serverless', 'cli.json');
  const baseEnv = {
    FUEL_CLI_CONFIG: configPath,
    FUEL_URL: url,
    FUEL_CLI_EVENTS_MS: '50',
    FUEL_CLI_POLL_MS: '1000',
    HOME: dir,
  };
  const run = (argv: string[], options: RunOptions = {}) =>
    runCli(argv, { ...baseEnv, ...options.env }, options);

  const login = await run(['login', '--password', ADMIN_PASSWORD]);
  if (login.code !== 0) throw new Error(`CLI login failed: ${login.stderr}`);

  return {
    api,
    url,
    configPath,
    run,
    close: async () => {
      await closeServer(server);
      await api.close();
      await rm(dir, { recursive: true, force: true });
    },
  };
}

/** Runs `main` with captured output and a non-TTY stdout. */
export async function runCli(
  argv: string[],
  env: Record<string, string | undefined>,
  options: RunOptions = {},
): Promise<CliRun> {
  let stdout = '';
  let stderr = '';
  const io: CliIo = {
    env,
    stdout: { write: (chunk: string) => (stdout += chunk) },
    stderr: { write: (chunk: string) => (stderr += chunk) },
    stdin: Readable.from(options.stdin === undefined ? [] : [options.stdin]),
    isTTY: false,
    ...(options.signal ? { signal: options.signal } : {}),
  };
  const code = await main(argv, io);

  return { code, stdout, stderr };
}

async function closeServer(server: ServerType): Promise<void> {
  const closed = new Promise<void>((resolve) => server.close(() => resolve()));
  if ('closeAllConnections' in server) server.closeAllConnections();
  await closed;
}

/** A URL where nothing listens: a port just released by a server of our own. */
export async function deadUrl(): Promise<string> {
  const server = serve({ fetch: () => new Response(''), port: 0, hostname: '127.0.0.1' });
  await new Promise<void>((resolve) => server.once('listening', () => resolve()));
  const port = (server.address() as AddressInfo).port;
  await closeServer(server);

  return `http://127.0.0.1:${port}`;
}
