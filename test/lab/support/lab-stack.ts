/**
 * The embedded mode as `npm start` runs it (API on HTTP, local state machines, in-process relay,
 * Cobbler simulator, lab), started in-process on a test database and a data directory of its
 * own, with an operator's HTTP client.
 */
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { readEnvConfig } from '../../../functions/api/config.js';
import { silentLogger } from '../../../functions/core/logger.js';
import type { Database } from '../../../functions/db/database.js';
import type { ProgressBroker } from '../../../infra/local/background.js';
import { type Embedded, startEmbedded } from '../../../infra/local/embedded/start-embedded.js';
import type { LabSpeed } from '../../../infra/local/lab/index.js';
import { ADMIN_PASSWORD } from '../../support/api.js';
import { createTestDatabase } from '../../support/database.js';

/** An answer of the API. */
export interface LabResponse {
  status: number;
  // biome-ignore lint/suspicious/noExplicitAny: bodies of many shapes; the assertions check them
  body: any;
}

/** The running stack and a logged-in operator. */
export interface LabStack {
  embedded: Embedded;
  db: Database;
  dataDir: string;
  request(method: string, path: string, body?: unknown): Promise<LabResponse>;
  /** Polls `check` every 20 ms until it holds; fails after `timeoutMs`. */
  until<T>(what: string, check: () => Promise<T | undefined>, timeoutMs?: number): Promise<T>;
  close(): Promise<void>;
}

/** What the lab under test looks like. */
export interface LabStackOptions {
  nodes: number;
  speed: LabSpeed;
  dataDir?: string;
  /** Progress through this RabbitMQ instead of in-process. */
  amqp?: ProgressBroker;
}

async function login(url: string): Promise<string> {
  const response = await fetch(`${url}/keystone/v2.0/tokens`, {
    method: 'POST',
    headers: { 'Content-Type': 'application/json' },
    body: JSON.stringify({
      auth: { passwordCredentials: { username: 'admin', password: ADMIN_PASSWORD } },
    }),
  });
  const body = (await response.json()) as { access: { token: { id: string } } };
  return body.access.token.id;
}

/** Starts the stack; the agents report once a minute, so tests call `reportAll` when needed. */
export async function startLabStack(options: LabStackOptions): Promise<LabStack> {
  const db = await createTestDatabase();
  const dataDir = options.dataDir ?? (await mkdtemp(join(tmpdir(), 'fuel-lab-')));
  const embedded = await startEmbedded({
    config: readEnvConfig({ FUEL_ADMIN_PASSWORD: ADMIN_PASSWORD }),
    dataDir,
    host: '127.0.0.1',
    port: 0,
    lab: { nodes: options.nodes, speed: options.speed, reportIntervalMs: 60_000 },
    discoveryPort: 0,
    amqp: options.amqp,
    db,
    logger: silentLogger,
  });
  const token = await login(embedded.url);
  const request = async (method: string, path: string, body?: unknown) => {
    const response = await fetch(`${embedded.url}${path}`, {
      method,
      headers: { 'X-Auth-Token': token, 'Content-Type': 'application/json' },
      ...(body === undefined ? {} : { body: JSON.stringify(body) }),
    });
    const text = await response.text();
    return { status: response.status, body: text === '' ? undefined : JSON.parse(text) };
  };

  return {
    embedded,
    db,
    dataDir,
    request,
    async until(what, check, timeoutMs = 20_000) {
      const deadline = Date.now() + timeoutMs;
      for (;;) {
        const value = await check();
        if (value !== undefined) return value;
        if (Date.now() > deadline) throw new Error(`${what}: not reached in ${timeoutMs} ms`);
        await new Promise((resolve) => setTimeout(resolve, 20));
      }
    },
    async close() {
      await embedded.stop();
      await db.close();
      if (options.dataDir === undefined) await rm(dataDir, { recursive: true, force: true });
    },
  };
}
