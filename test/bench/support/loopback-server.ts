import type { AddressInfo } from 'node:net';
import { serve } from '@hono/node-server';
import type { Hono } from 'hono';
import type { AppEnv } from '../../../functions/api/env.js';

/** The app served over real HTTP, as `npm start` serves it. */
export interface LoopbackServer {
  /** Base URL, e.g. `http://127.0.0.1:40123`. */
  url: string;
  close(): Promise<void>;
}

/** Serves `app` on 127.0.0.1 on a free port; resolves once it listens. */
export function serveOnLoopback(app: Hono<AppEnv>): Promise<LoopbackServer> {
  return new Promise((resolve) => {
    const server = serve({ fetch: app.fetch, port: 0, hostname: '127.0.0.1' }, (info) => {
      const { port } = info as AddressInfo;
      resolve({
        url: `http://127.0.0.1:${port}`,
        close: () =>
          new Promise((done) => {
            server.close(() => done());
            // Keep-alive sockets of the benchmark's clients would hold close() open otherwise.
            if ('closeAllConnections' in server) server.closeAllConnections();
          }),
      });
    });
  });
}
