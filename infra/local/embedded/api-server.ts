/** The API served over HTTP by Node, as `npm start` runs it. */
import type { IncomingMessage, Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { serve } from '@hono/node-server';
import { createApp } from '../../../functions/api/app.js';
import type { AppDeps } from '../../../functions/api/env.js';

/** A listening API. */
export interface ApiServer {
  /** `http://<host>:<port>`; the API is under `/api`. */
  readonly url: string;
  /** Where processes on this machine reach it (127.0.0.1 for a wildcard host). */
  readonly localUrl: string;
  close(): Promise<void>;
}

const WILDCARDS: ReadonlySet<string> = new Set(['0.0.0.0', '::', '']);

/** Serves the app on `host:port` (0 picks a free port) and resolves once it listens. */
export async function serveApi(
  deps: Omit<AppDeps, 'clientAddress'>,
  host: string,
  port: number,
): Promise<ApiServer> {
  const app = createApp({
    ...deps,
    clientAddress: (_raw, env) =>
      (env as { incoming?: IncomingMessage }).incoming?.socket.remoteAddress,
  });
  const server = serve({ fetch: app.fetch, port, hostname: host }) as Server;
  await new Promise<void>((resolve, reject) => {
    server.once('listening', resolve);
    server.once('error', reject);
  });
  const bound = (server.address() as AddressInfo).port;
  const local = WILDCARDS.has(host) ? '127.0.0.1' : host;
  const bracket = (name: string) => (name.includes(':') ? `[${name}]` : name);

  return {
    url: `http://${bracket(host)}:${bound}`,
    localUrl: `http://${bracket(local)}:${bound}`,
    close: () =>
      new Promise<void>((resolve) => {
        server.close(() => resolve());
        // Event streams stay open until their client leaves; shutdown must not wait for them.
        server.closeAllConnections();
      }),
  };
}
