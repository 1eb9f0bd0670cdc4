import { createServer, type IncomingHttpHeaders, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type DiscoveryProxy, startDiscoveryProxy } from '../../agent/relay/discovery-proxy.js';

interface Received {
  method: string | undefined;
  url: string | undefined;
  headers: IncomingHttpHeaders;
  body: string;
}

/** A tiny stand-in for the cloud API: records requests, answers 201 with a node. */
async function startFakeCloud(): Promise<{ server: Server; url: string; received: Received[] }> {
  const received: Received[] = [];
  const server = createServer((request, response) => {
    let body = '';
    request.on('data', (chunk: Buffer) => {
      body += chunk.toString('utf8');
    });
    request.on('end', () => {
      received.push({ method: request.method, url: request.url, headers: request.headers, body });
      const status = request.method === 'POST' ? 201 : 200;
      response.writeHead(status, { 'content-type': 'application/json' });
      response.end(JSON.stringify({ id: 7, mac: '52:54:00:aa:bb:01', status: 'discover' }));
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  return { server, url: `http://127.0.0.1:${port}`, received };
}

const AGENT_BODY = JSON.stringify({ mac: '52:54:00:aa:bb:01', status: 'discover', meta: {} });

describe('discovery proxy', () => {
  let cloud: Awaited<ReturnType<typeof startFakeCloud>>;
  let proxy: DiscoveryProxy;

  beforeAll(async () => {
    cloud = await startFakeCloud();
    proxy = await startDiscoveryProxy({
      cloudApiUrl: `${cloud.url}/`,
      credential: 'site-secret',
      host: '127.0.0.1',
      port: 0,
      timeoutMs: 1_000,
      maxBodyBytes: 10_000,
    });
  });

  afterAll(async () => {
    await proxy.close();
    await new Promise<void>((resolve) => cloud.server.close(() => resolve()));
  });

  it.each([
    ['POST', '/api/nodes/'],
    ['POST', '/api/nodes'],
    ['POST', '/api/v1/nodes/'],
    ['PUT', '/api/nodes/agent/'],
    ['PUT', '/api/v1/nodes/agent'],
  ])('forwards %s %s with the site credential', async (method, path) => {
    const before = cloud.received.length;

    const response = await fetch(`${proxy.url}${path}`, {
      method,
      headers: { 'content-type': 'application/json', authorization: 'Bearer node-own-token' },
      body: AGENT_BODY,
    });

    expect(response.status).toBe(method === 'POST' ? 201 : 200);
    expect(response.headers.get('content-type')).toBe('application/json');
    expect(await response.json()).toEqual({ id: 7, mac: '52:54:00:aa:bb:01', status: 'discover' });
    const forwarded = cloud.received[before];
    expect(forwarded).toMatchObject({ method, url: path, body: AGENT_BODY });
    expect(forwarded?.headers.authorization).toBe('Bearer site-secret');
    expect(forwarded?.headers['x-forwarded-for']).toBe('127.0.0.1');
    expect(forwarded?.headers['content-type']).toBe('application/json');
  });

  it('passes the query string on', async () => {
    const before = cloud.received.length;

    await fetch(`${proxy.url}/api/nodes/agent/?dry_run=1`, { method: 'PUT', body: AGENT_BODY });

    expect(cloud.received[before]?.url).toBe('/api/nodes/agent/?dry_run=1');
  });

  it.each([
    ['GET', '/api/nodes/'],
    ['DELETE', '/api/nodes/agent/'],
    ['POST', '/api/nodes/agent/'],
    ['PUT', '/api/nodes/'],
    ['POST', '/api/clusters/'],
    ['PUT', '/api/nodes/7/'],
    ['GET', '/'],
    ['POST', '/api/v2/nodes/'],
  ])('refuses %s %s with 404 and forwards nothing', async (method, path) => {
    const before = cloud.received.length;

    const response = await fetch(`${proxy.url}${path}`, {
      method,
      ...(method === 'GET' ? {} : { body: AGENT_BODY }),
    });

    expect(response.status).toBe(404);
    expect(await response.json()).toEqual({ message: 'Not found' });
    expect(cloud.received.length).toBe(before);
  });

  it('refuses a body over the limit with 413', async () => {
    const before = cloud.received.length;

    const response = await fetch(`${proxy.url}/api/nodes/`, {
      method: 'POST',
      body: 'x'.repeat(20_000),
    });

    expect(response.status).toBe(413);
    expect(cloud.received.length).toBe(before);
  });

  it('answers 502 when the cloud API cannot be reached', async () => {
    const closed = await startDiscoveryProxy({
      cloudApiUrl: 'http://127.0.0.1:1',
      credential: 'site-secret',
      host: '127.0.0.1',
      port: 0,
    });

    const response = await fetch(`${closed.url}/api/nodes/`, { method: 'POST', body: AGENT_BODY });
    await closed.close();

    expect(response.status).toBe(502);
    expect(await response.json()).toEqual({ message: 'The cloud API is unreachable' });
  });

  it('answers 504 when the cloud API does not answer in time', async () => {
    const silent = createServer(() => undefined);
    await new Promise<void>((resolve) => silent.listen(0, '127.0.0.1', resolve));
    const { port } = silent.address() as AddressInfo;
    const slow = await startDiscoveryProxy({
      cloudApiUrl: `http://127.0.0.1:${port}`,
      credential: 'site-secret',
      host: '127.0.0.1',
      port: 0,
      timeoutMs: 100,
    });

    const response = await fetch(`${slow.url}/api/nodes/`, { method: 'POST', body: AGENT_BODY });
    await slow.close();
    silent.closeAllConnections();
    await new Promise<void>((resolve) => silent.close(() => resolve()));

    expect(response.status).toBe(504);
    expect(await response.json()).toEqual({ message: 'The cloud API did not answer in time' });
  });
});
