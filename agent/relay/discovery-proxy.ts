/**
 * The discovery proxy: on the admin network, the relay answers the two calls of Fuel's
 * `nailgun-agent` (`POST /api/nodes`, `PUT /api/nodes/agent`, with or without `/v1` and a
 * trailing slash) by forwarding them to the cloud API with the site's credential. Bootstrap
 * nodes thus need neither internet access nor a credential. Every other request gets 404.
 */
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { noopRelayLogger, type RelayLogger } from './logger.js';

/** The requests forwarded, by method. */
const FORWARDED: Readonly<Record<string, RegExp>> = {
  POST: /^\/api(?:\/v1)?\/nodes\/?$/,
  PUT: /^\/api(?:\/v1)?\/nodes\/agent\/?$/,
};
/** Request headers passed on; everything else (a node's own Authorization) stays behind. */
const PASSED_HEADERS = ['content-type', 'accept', 'user-agent'] as const;

/** Where to listen and forward. */
export interface DiscoveryProxyOptions {
  /** The cloud API's base URL, e.g. `https://fuel.example.com` (paths are appended). */
  cloudApiUrl: string;
  /** The site credential, sent as `Authorization: Bearer <credential>`. */
  credential: string;
  /** Default `0.0.0.0`; the admin network's address in production. */
  host?: string;
  /** Default 8000, where `nailgun-agent` expects Nailgun; 0 picks a free port. */
  port?: number;
  /** Deadline of a forwarded call; default 30 s. */
  timeoutMs?: number;
  /** Largest body accepted; default 1 MiB. */
  maxBodyBytes?: number;
  logger?: RelayLogger;
}

/** A listening proxy. */
export interface DiscoveryProxy {
  /** `http://<host>:<port>`. */
  readonly url: string;
  readonly port: number;
  close(): Promise<void>;
}

class BodyTooLarge extends Error {}

/** Starts the proxy; resolves once it listens. */
export async function startDiscoveryProxy(options: DiscoveryProxyOptions): Promise<DiscoveryProxy> {
  const logger = options.logger ?? noopRelayLogger;
  const server = createServer((request, response) => {
    serve(options, logger, request, response).catch((error: unknown) => {
      logger.error('discovery request failed', { error });
      if (!response.headersSent) sendJson(response, 500, { message: 'Relay error' });
      else response.destroy();
    });
  });
  const host = options.host ?? '0.0.0.0';
  const port = await listen(server, host, options.port ?? 8000);
  logger.info('discovery proxy listening', { host, port });

  return {
    url: `http://${host === '0.0.0.0' ? '127.0.0.1' : host}:${port}`,
    port,
    close: () =>
      new Promise<void>((resolve) => {
        server.close(() => resolve());
        server.closeAllConnections();
      }),
  };
}

async function serve(
  options: DiscoveryProxyOptions,
  logger: RelayLogger,
  request: IncomingMessage,
  response: ServerResponse,
): Promise<void> {
  const url = new URL(request.url ?? '/', 'http://relay');
  const pattern = FORWARDED[request.method ?? ''];
  if (pattern === undefined || !pattern.test(url.pathname)) {
    sendJson(response, 404, { message: 'Not found' });
    return;
  }
  let body: Buffer;
  try {
    body = await readBody(request, options.maxBodyBytes ?? 1_048_576);
  } catch (error) {
    if (!(error instanceof BodyTooLarge)) throw error;
    sendJson(response, 413, { message: 'Request body too large' });
    return;
  }
  const client = request.socket.remoteAddress ?? 'unknown';
  await forward(
    options,
    logger,
    { request, path: url.pathname + url.search, body, client },
    response,
  );
}

interface Forwarded {
  request: IncomingMessage;
  path: string;
  body: Buffer;
  client: string;
}

async function forward(
  options: DiscoveryProxyOptions,
  logger: RelayLogger,
  call: Forwarded,
  response: ServerResponse,
): Promise<void> {
  const target = `${options.cloudApiUrl.replace(/\/+$/, '')}${call.path}`;
  const method = call.request.method ?? 'POST';
  let answer: Response;
  try {
    answer = await fetch(target, {
      method,
      headers: forwardedHeaders(call, options.credential),
      body: call.body,
      signal: AbortSignal.timeout(options.timeoutMs ?? 30_000),
    });
  } catch (error) {
    const timedOut = error instanceof DOMException && error.name === 'TimeoutError';
    logger.warn('cloud api not reached', { path: call.path, client: call.client, error });
    sendJson(response, timedOut ? 504 : 502, {
      message: timedOut ? 'The cloud API did not answer in time' : 'The cloud API is unreachable',
    });
    return;
  }
  const text = Buffer.from(await answer.arrayBuffer());
  logger.info('discovery request forwarded', {
    method,
    path: call.path,
    client: call.client,
    status: answer.status,
  });
  const headers: Record<string, string> = {};
  const type = answer.headers.get('content-type');
  if (type !== null) headers['content-type'] = type;
  response.writeHead(answer.status, headers);
  response.end(text);
}

function forwardedHeaders(call: Forwarded, credential: string): Record<string, string> {
  const headers: Record<string, string> = {
    authorization: `Bearer ${credential}`,
    'x-forwarded-for': call.client,
  };
  for (const name of PASSED_HEADERS) {
    const value = call.request.headers[name];
    if (typeof value === 'string') headers[name] = value;
  }

  return headers;
}

async function readBody(request: IncomingMessage, limit: number): Promise<Buffer> {
  const chunks: Buffer[] = [];
  let size = 0;
  for await (const chunk of request) {
    const buffer = chunk as Buffer;
    size += buffer.length;
    if (size > limit) throw new BodyTooLarge();
    chunks.push(buffer);
  }

  return Buffer.concat(chunks);
}

function sendJson(response: ServerResponse, status: number, body: unknown): void {
  response.writeHead(status, { 'content-type': 'application/json' });
  response.end(JSON.stringify(body));
}

function listen(server: Server, host: string, port: number): Promise<number> {
  return new Promise((resolve, reject) => {
    server.once('error', reject);
    server.listen(port, host, () => {
      server.off('error', reject);
      resolve((server.address() as AddressInfo).port);
    });
  });
}
