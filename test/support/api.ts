import type { Hono } from 'hono';
import { createApp } from '../../functions/api/app.js';
import { prepareInstallation } from '../../functions/api/bootstrap.js';
import { readEnvConfig } from '../../functions/api/config.js';
import type { AppDeps, AppEnv } from '../../functions/api/env.js';
import { silentLogger } from '../../functions/core/logger.js';
import type { Database } from '../../functions/db/database.js';
import { createEmbeddedRuntime, type EmbeddedRuntime } from '../../infra/local/runtime.js';
import { createTestDatabase } from './database.js';

export const ADMIN_PASSWORD = 'test-admin-password';

export interface TestResponse<T = unknown> {
  status: number;
  headers: Headers;
  text: string;
  /** The parsed JSON body, or undefined when the body is empty or not JSON. */
  body: T;
}

export interface RequestOptions {
  body?: unknown;
  /** A raw body sent as is (malformed JSON tests). */
  rawBody?: string;
  /** Token to send; defaults to the admin's, null sends none. */
  token?: string | null;
  headers?: Record<string, string>;
}

export interface TestApi {
  app: Hono<AppEnv>;
  db: Database;
  /** The in-process Step Functions, site queue and task tokens the API starts runs on. */
  runtime: EmbeddedRuntime;
  deps: AppDeps;
  token: string;
  /** The peer address the app sees for the next requests (agent CIDR tests). */
  clientAddress: { value: string | undefined };
  /** Moves the clock the app reads (online/offline tests). */
  clock: { now: Date | undefined };
  // biome-ignore lint/suspicious/noExplicitAny: tests read bodies of many shapes; assertions check them
  request<T = any>(
    method: string,
    path: string,
    options?: RequestOptions,
  ): Promise<TestResponse<T>>;
  close(): Promise<void>;
}

/** The whole API on a database of its own, with the admin logged in. */
export async function startTestApi(env: NodeJS.ProcessEnv = {}): Promise<TestApi> {
  const db = await createTestDatabase();
  const config = readEnvConfig({ FUEL_ADMIN_PASSWORD: ADMIN_PASSWORD, ...env });
  const { deps: prepared } = await prepareInstallation(db, config, silentLogger);
  const clientAddress: { value: string | undefined } = { value: '127.0.0.1' };
  const clock: { now: Date | undefined } = { now: undefined };
  const runtime = createEmbeddedRuntime(
    { ...prepared, now: () => clock.now ?? new Date() },
    { retryDelayMs: 0 },
  );
  const started = new Set<string>();
  const executor = runtime.orchestration.executor;
  const deps: AppDeps = {
    ...prepared,
    orchestration: {
      ...runtime.orchestration,
      executor: {
        ...executor,
        start: async (request) => {
          const result = await executor.start(request);
          started.add(result.executionId);
          return result;
        },
        stop: (id, options) => executor.stop(id, options),
        redrive: (id) => executor.redrive(id),
        describe: (id) => executor.describe(id),
      },
    },
    now: () => clock.now ?? new Date(),
    clientAddress: () => clientAddress.value,
  };
  const app = createApp(deps);

  const request = async <T>(method: string, path: string, options: RequestOptions = {}) => {
    const headers: Record<string, string> = { ...options.headers };
    const token = options.token === undefined ? api.token : options.token;
    if (token) headers['X-Auth-Token'] = token;
    let body: string | undefined;
    if (options.rawBody !== undefined) body = options.rawBody;
    else if (options.body !== undefined) body = JSON.stringify(options.body);
    if (body !== undefined) headers['Content-Type'] ??= 'application/json';
    const res = await app.request(path, { method, headers, body });
    const text = await res.text();
    let parsed: unknown;
    try {
      parsed = text === '' ? undefined : JSON.parse(text);
    } catch {
      parsed = undefined;
    }
    return { status: res.status, headers: res.headers, text, body: parsed as T };
  };

  const api: TestApi = {
    app,
    db,
    deps,
    runtime,
    token: '',
    clientAddress,
    clock,
    request,
    close: async () => {
      // Runs still waiting on the site queue would outlive the database otherwise.
      for (const id of started) await runtime.executor.stop(id).catch(() => undefined);
      await Promise.all(
        [...started].map((id) => runtime.executor.settled(id).catch(() => undefined)),
      );
      await db.close();
    },
  };
  const login = await request<{ access: { token: { id: string } } }>(
    'POST',
    '/keystone/v2.0/tokens',
    {
      token: null,
      body: { auth: { passwordCredentials: { username: 'admin', password: ADMIN_PASSWORD } } },
    },
  );
  if (login.status !== 200) throw new Error(`test login failed: ${login.status} ${login.text}`);
  api.token = login.body.access.token.id;
  return api;
}
