import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ADMIN_PASSWORD, startTestApi, type TestApi } from '../support/api.js';

let api: TestApi;
beforeAll(async () => {
  api = await startTestApi();
});
afterAll(() => api.close());

describe('Keystone v2 token endpoint', () => {
  it('issues a token for the admin password', async () => {
    const res = await api.request('POST', '/keystone/v2.0/tokens', {
      token: null,
      body: {
        auth: {
          passwordCredentials: { username: 'admin', password: ADMIN_PASSWORD },
          tenantName: 'admin',
        },
      },
    });

    expect(res.status).toBe(200);
    expect(res.body.access.token.id).toMatch(/^f1\./);
    expect(res.body.access.token.expires).toMatch(/^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\dZ$/);
    expect(res.body.access.user.name).toBe('admin');
    expect(res.body.access.serviceCatalog).toEqual([]);
  });

  it('refuses a wrong password with 401', async () => {
    const res = await api.request('POST', '/keystone/v2.0/tokens', {
      token: null,
      body: { auth: { passwordCredentials: { username: 'admin', password: 'nope' } } },
    });

    expect(res.status).toBe(401);
    expect(res.body.message).toMatch(/Invalid/);
    expect(res.text).not.toContain('nope');
  });

  it('answers 400 to a malformed request', async () => {
    const empty = await api.request('POST', '/keystone/v2.0/tokens', { token: null, rawBody: '' });
    const broken = await api.request('POST', '/keystone/v2.0/tokens', {
      token: null,
      rawBody: '{"auth":',
    });
    const wrong = await api.request('POST', '/keystone/v2.0/tokens', {
      token: null,
      body: { auth: { passwordCredentials: { username: 5 } } },
    });

    expect(empty.status).toBe(400);
    expect(empty.body).toEqual({ message: 'Empty request received', errors: [] });
    expect(broken.body.message).toBe('Invalid json received');
    expect(wrong.status).toBe(400);
  });

  it('renews a token from a valid token', async () => {
    const res = await api.request('POST', '/keystone/v2.0/tokens', {
      token: null,
      body: { auth: { token: { id: api.token }, tenantName: 'admin' } },
    });

    expect(res.status).toBe(200);
    expect(res.body.access.token.id).not.toBe(api.token);
  });

  it('serves the v2.0 version document', async () => {
    const res = await api.request('GET', '/keystone/v2.0', { token: null });

    expect(res.status).toBe(200);
    expect(res.body.version.id).toBe('v2.0');
    expect(res.body.version.status).toBe('stable');
  });
});

describe('operator routes', () => {
  it('answer 401 without a token, as fuelclient expects of GET /version', async () => {
    const res = await api.request('GET', '/api/v1/version/', { token: null });

    expect(res.status).toBe(401);
    expect(res.body).toHaveProperty('message');
  });

  it('answer 401 to a forged or expired token', async () => {
    const forged = `${api.token.slice(0, -3)}abc`;
    const res = await api.request('GET', '/api/v1/version', { token: forged });
    api.clock.now = new Date(Date.now() + 10 * 86_400_000);
    const expired = await api.request('GET', '/api/v1/version');
    api.clock.now = undefined;

    expect(res.status).toBe(401);
    expect(expired.status).toBe(401);
  });

  it('serve the version with a token', async () => {
    const res = await api.request('GET', '/api/v1/version/');

    expect(res.status).toBe(200);
    expect(res.body).toMatchObject({ release: '10.0', api: '1', auth_required: true });
    expect(res.headers.get('x-request-id')).toBeTruthy();
    expect(res.headers.get('cache-control')).toContain('no-cache');
  });
});

describe('agent routes access', () => {
  it('admit a registered site credential from any address', async () => {
    const created = await api.request('POST', '/api/v1/sites', { body: { name: 'dc-east' } });
    api.clientAddress.value = '203.0.113.9';
    const res = await api.request('PUT', '/api/nodes/agent', {
      token: null,
      headers: { Authorization: `Bearer ${created.body.credential}` },
      body: { mac: '52:54:00:00:00:99', meta: {} },
    });
    const without = await api.request('PUT', '/api/nodes/agent', {
      token: null,
      body: { mac: '52:54:00:00:00:99', meta: {} },
    });
    api.clientAddress.value = '127.0.0.1';

    expect(created.status).toBe(201);
    expect(created.body.credential).toMatch(/^fsc_\d+_/);
    expect(res.status).not.toBe(401);
    expect(res.status).not.toBe(403);
    expect(without.status).toBe(403);
  });

  it('refuse a wrong site credential with 401', async () => {
    const res = await api.request('PUT', '/api/nodes/agent', {
      token: null,
      headers: { Authorization: 'Bearer fsc_1_aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa' },
      body: { mac: '52:54:00:00:00:99' },
    });

    expect(res.status).toBe(401);
  });
});
