import { execFile } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { build } from 'esbuild';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { runCli } from '../../agent/discovery/cli.js';
import { resolveApiUrl } from '../../agent/discovery/endpoint.js';
import { AgentError } from '../../agent/discovery/errors.js';
import { httpRequest } from '../../agent/discovery/http.js';
import { createLogger, silentLogger } from '../../agent/discovery/logger.js';
import { type FakeNode, vmNode } from './support/nodes.js';
import { type ServedApi, serveTestApi } from './support/served-api.js';

const run = promisify(execFile);

let served: ServedApi;
const made: FakeNode[] = [];

function freshVm(tag: string): FakeNode {
  const node = vmNode(`52:54:00:6c:${tag}:01`, `52:54:00:6c:${tag}:02`);
  made.push(node);
  return node;
}

/** Captures what the CLI writes, with the fake node as the machine. */
function io(node: FakeNode, extra: Parameters<typeof runCli>[1] = {}) {
  const out: string[] = [];
  const roots: string[] = [];
  return {
    out,
    roots,
    io: {
      stdout: (text: string) => out.push(text),
      stderr: (text: string) => out.push(text),
      logger: silentLogger,
      host: (root: string) => {
        roots.push(root);
        return node.host;
      },
      ...extra,
    },
  };
}

/** A port nothing listens on. */
async function closedPort(): Promise<number> {
  const server = createServer();
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  await new Promise<void>((resolve) => server.close(() => resolve()));
  return port;
}

beforeAll(async () => {
  served = await serveTestApi();
});
afterAll(() => served.close());
afterEach(() => {
  for (const node of made.splice(0)) node.tree.dispose();
});

describe('nailgun-agent command line', () => {
  it('prints the payload with --dry-run and sends nothing', async () => {
    const node = freshVm('01');
    const cli = io(node);

    const code = await runCli(['--dry-run', '--root', node.tree.root], cli.io);

    expect(code).toBe(0);
    expect(cli.roots).toEqual([node.tree.root]);
    const payload = JSON.parse(cli.out.join(''));
    expect(payload).toMatchObject({ mac: '52:54:00:6C:01:01', status: 'discover', is_agent: true });
    expect(existsSync(join(node.tree.root, 'etc/nailgun_uid'))).toBe(false);
  });

  it('reports once with --once and exits 0', async () => {
    const node = freshVm('02');
    const cli = io(node);

    const code = await runCli(['--once', '--no-jitter', '--url', served.apiUrl], cli.io);

    expect(code).toBe(0);
    expect(readFileSync(join(node.tree.root, 'etc/nailgun_uid'), 'utf8')).toMatch(/^\d+$/);
  });

  it('exits 1 with --once when the master cannot be reached', async () => {
    const node = freshVm('03');
    const lines: string[] = [];
    const cli = io(node, { logger: createLogger('info', (line) => lines.push(line)) });
    const url = `http://127.0.0.1:${await closedPort()}/api`;

    const code = await runCli(['--once', '--no-jitter', '--url', url], cli.io);

    expect(code).toBe(1);
    expect(JSON.parse(lines.at(-1) ?? '{}')).toMatchObject({
      level: 'error',
      message: 'report failed',
      reason: 'connection_refused',
    });
  });

  it('keeps reporting in the default mode until stopped', async () => {
    const node = freshVm('04');
    const stop = new AbortController();
    const lines: string[] = [];
    const logger = createLogger('info', (line) => {
      lines.push(line);
      if (line.includes('node reported')) stop.abort();
    });
    const cli = io(node, { logger, signal: stop.signal, random: () => 0 });

    const code = await runCli(['--url', served.apiUrl], cli.io);

    expect(code).toBe(0);
    expect(lines.filter((l) => l.includes('node reported'))).toHaveLength(1);
  });

  it('prints usage for --help and refuses unknown options', async () => {
    const cli = io(freshVm('05'));

    const help = await runCli(['--help'], cli.io);
    const wrong = await runCli(['--frobnicate'], cli.io);

    expect(help).toBe(0);
    expect(wrong).toBe(2);
    expect(cli.out.join('')).toContain('Usage: nailgun-agent');
  });
});

describe('finding the API on the master', () => {
  it('uses plain HTTP on the legacy port when the HTTPS port refuses connections', async () => {
    const secure = await closedPort();

    const url = await resolveApiUrl('127.0.0.1', { ports: { secure, legacy: served.port } });

    expect(url).toBe(`http://127.0.0.1:${served.port}/api`);
  });

  it('keeps HTTPS when the secure port answers, even with an error', async () => {
    const url = await resolveApiUrl('127.0.0.1', { ports: { secure: served.port, legacy: 1 } });

    expect(url).toBe(`https://127.0.0.1:${served.port}/api`);
  });

  it('gives up on a server that does not answer in time', async () => {
    const silent: Server = createServer(() => undefined);
    await new Promise<void>((resolve) => silent.listen(0, '127.0.0.1', resolve));
    const { port } = silent.address() as AddressInfo;

    const attempt = httpRequest({
      method: 'GET',
      url: `http://127.0.0.1:${port}/`,
      timeoutMs: 100,
    });

    await expect(attempt).rejects.toMatchObject({ reason: 'timeout' });
    await expect(attempt).rejects.toBeInstanceOf(AgentError);
    silent.closeAllConnections();
    await new Promise<void>((resolve) => silent.close(() => resolve()));
  });
});

describe('the bundled agent', () => {
  it('bundles from agent/discovery alone and runs on plain Node', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'nailgun-agent-bundle-'));
    const node = freshVm('06');
    const outfile = join(dir, 'nailgun-agent.mjs');

    const result = await build({
      entryPoints: ['agent/discovery/main.ts'],
      bundle: true,
      platform: 'node',
      format: 'esm',
      target: 'node20',
      outfile,
      metafile: true,
      logLevel: 'silent',
    });
    const { stdout } = await run(process.execPath, [
      outfile,
      '--dry-run',
      '--root',
      node.tree.root,
    ]);

    const inputs = Object.keys(result.metafile.inputs);
    expect(inputs.filter((i) => !i.startsWith('agent/discovery/'))).toEqual([]);
    expect(JSON.parse(stdout).meta.disks).toHaveLength(2);
    rmSync(dir, { recursive: true, force: true });
  });
});
