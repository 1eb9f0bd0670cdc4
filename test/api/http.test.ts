import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { parse } from 'yaml';
import { startTestApi, type TestApi } from '../support/api.js';

let api: TestApi;
beforeAll(async () => {
  api = await startTestApi();
});
afterAll(() => api.close());

describe('content negotiation', () => {
  it('answers YAML when the first Accept type asks for it', async () => {
    const res = await api.request('GET', '/api/releases', {
      headers: { Accept: 'application/x-yaml, application/json' },
    });

    expect(res.status).toBe(200);
    expect(res.headers.get('content-type')).toBe('application/x-yaml');
    expect(parse(res.text)[0].version).toBe('newton-10.0');
  });

  it('answers JSON for */* and for parameters after the type', async () => {
    const any = await api.request('GET', '/api/releases', { headers: { Accept: '*/*' } });
    const withQ = await api.request('GET', '/api/releases', {
      headers: { Accept: 'application/json; q=0.9' },
    });

    expect(any.headers.get('content-type')).toBe('application/json');
    expect(withQ.status).toBe(200);
  });

  it('answers 415 to a type it cannot produce', async () => {
    const res = await api.request('GET', '/api/releases', { headers: { Accept: 'text/html' } });

    expect(res.status).toBe(415);
    expect(res.body.message).toContain('text/html');
  });
});

describe('routing', () => {
  it('serves every route under /api and /api/v1, with or without a trailing slash', async () => {
    const paths = ['/api/releases', '/api/releases/', '/api/v1/releases', '/api/v1/releases/'];

    const statuses = await Promise.all(paths.map((p) => api.request('GET', p)));

    expect(statuses.map((r) => r.status)).toEqual([200, 200, 200, 200]);
  });

  it('answers 404 with the error body for an unknown path', async () => {
    const res = await api.request('GET', '/api/v1/nothing-here');

    expect(res.status).toBe(404);
    expect(res.body).toEqual({ message: 'not found', errors: [] });
  });

  it('answers 405 with Allow for a known path and an unknown method', async () => {
    const res = await api.request('PATCH', '/api/v1/releases/1');

    expect(res.status).toBe(405);
    expect(res.headers.get('allow')).toContain('GET');
  });

  it('echoes a sane request id and replaces an unsafe one', async () => {
    const kept = await api.request('GET', '/api/version', { headers: { 'X-Request-Id': 'abc-1' } });
    const replaced = await api.request('GET', '/api/version', {
      headers: { 'X-Request-Id': 'bad id\n' },
    });

    expect(kept.headers.get('x-request-id')).toBe('abc-1');
    expect(replaced.headers.get('x-request-id')).toMatch(/^[0-9a-f-]{36}$/);
  });
});

describe('GET /api/openapi.json', () => {
  it('describes the routes from the schemas that validate them', async () => {
    const res = await api.request('GET', '/api/openapi.json');

    expect(res.status).toBe(200);
    expect(res.body.openapi).toBe('3.0.3');
    expect(res.body.paths['/api/v1/releases'].post.requestBody).toBeDefined();
    expect(res.body.components.schemas.Release).toBeDefined();
    expect(res.body.components.securitySchemes.keystoneToken.name).toBe('X-Auth-Token');
  });
});
