import type { AddressInfo } from 'node:net';
import { serve } from '@hono/node-server';
import { startTestApi, type TestApi } from '../../support/api.js';

/** The whole API on a fresh database, served over real HTTP on 127.0.0.1. */
export interface ServedApi {
  api: TestApi;
  port: number;
  /** The API root the agent talks to, e.g. `http://127.0.0.1:41234/api`. */
  apiUrl: string;
  close(): Promise<void>;
}

export async function serveTestApi(): Promise<ServedApi> {
  const api = await startTestApi();
  const server = serve({ fetch: api.app.fetch, port: 0, hostname: '127.0.0.1' });
  await new Promise<void>((resolve) => server.once('listening', () => resolve()));
  const port = (server.address() as AddressInfo).port;
  return {
    api,
    port,
    apiUrl: `http://127.0.0.1:${port}/api`,
    close: async () => {
      await new Promise<void>((resolve) => server.close(() => resolve()));
      await api.close();
    },
  };
}
