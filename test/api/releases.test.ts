import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestApi, type TestApi } from '../support/api.js';

let api: TestApi;
beforeAll(async () => {
  api = await startTestApi();
});
afterAll(() => api.close());

const newRelease = (name: string) => ({
  name,
  version: 'ocata-11.0',
  operating_system: 'Ubuntu',
  state: 'available',
  roles_metadata: { compute: { name: 'Compute', tags: ['compute'] } },
  tags_metadata: { compute: { has_primary: false } },
});

describe('the seeded release', () => {
  it('is listed, available and deployable, with the roles an environment needs', async () => {
    const res = await api.request('GET', '/api/v1/releases/');

    expect(res.status).toBe(200);
    const seeded = res.body.find((r: { version: string }) => r.version === 'newton-10.0');
    expect(seeded).toMatchObject({
      name: 'Newton on Ubuntu 16.04',
      operating_system: 'Ubuntu',
      state: 'available',
      is_deployable: true,
    });
    expect(seeded.roles).toEqual(
      expect.arrayContaining(['controller', 'compute', 'cinder', 'ceph-osd', 'mongo', 'base-os']),
    );
    expect(seeded.roles_metadata.controller.conflicts).toContain('compute');
  });

  it('is seeded once per installation: a second start adds nothing', async () => {
    const { seedReleases } = await import('../../functions/core/releases/seed.js');

    const again = await seedReleases(api.db);

    expect(again).toBe(false);
  });
});

describe('POST /releases', () => {
  it('creates a release', async () => {
    const res = await api.request('POST', '/api/releases', { body: newRelease('Ocata A') });

    expect(res.status).toBe(201);
    expect(res.body).toMatchObject({ name: 'Ocata A', version: 'ocata-11.0', is_deployable: true });
  });

  it.each([
    [{ version: '1', operating_system: 'Ubuntu' }, 'No release name specified'],
    [{ name: 'x', operating_system: 'Ubuntu' }, 'No release version specified'],
    [{ name: 'x', version: '1' }, 'No release operating system specified'],
  ])('refuses %j with "%s"', async (body, message) => {
    const res = await api.request('POST', '/api/releases', { body });

    expect(res.status).toBe(400);
    expect(res.body.message).toBe(message);
  });

  it('refuses a duplicate name and version with 409 and adds nothing', async () => {
    await api.request('POST', '/api/releases', { body: newRelease('Ocata B') });
    const before = await api.request('GET', '/api/releases');

    const res = await api.request('POST', '/api/releases', { body: newRelease('Ocata B') });

    expect(res.status).toBe(409);
    expect(res.body.message).toBe('Release with the same name and version already exists');
    expect((await api.request('GET', '/api/releases')).body).toHaveLength(before.body.length);
  });

  it('refuses a role whose tag is not declared', async () => {
    const res = await api.request('POST', '/api/releases', {
      body: { ...newRelease('Ocata C'), tags_metadata: {} },
    });

    expect(res.status).toBe(400);
    expect(res.body.message).toContain('absent in release tags metadata');
  });

  it('answers 400 for wrong types, not 500', async () => {
    const res = await api.request('POST', '/api/releases', {
      body: { ...newRelease('Ocata D'), state: 'gone', roles_metadata: [] },
    });

    expect(res.status).toBe(400);
    expect(res.body.errors.length).toBeGreaterThan(0);
  });
});

describe('GET /releases ordering', () => {
  it('lists newest environment versions first', async () => {
    const res = await api.request('GET', '/api/releases');
    const versions = res.body.map((r: { version: string }) => r.version);

    expect(versions.indexOf('ocata-11.0')).toBeLessThan(versions.indexOf('newton-10.0'));
  });
});

describe('one release', () => {
  it('is shown, changed and deleted', async () => {
    const created = await api.request('POST', '/api/releases', { body: newRelease('Ocata E') });
    const id = created.body.id;

    const shown = await api.request('GET', `/api/v1/releases/${id}/`);
    const changed = await api.request('PUT', `/api/v1/releases/${id}`, {
      body: { description: 'lab only', state: 'unavailable' },
    });
    const deleted = await api.request('DELETE', `/api/v1/releases/${id}`);
    const gone = await api.request('GET', `/api/v1/releases/${id}`);

    expect(shown.body.name).toBe('Ocata E');
    expect(changed.body).toMatchObject({ description: 'lab only', is_deployable: false });
    expect(deleted.status).toBe(204);
    expect(deleted.text).toBe('');
    expect(gone.status).toBe(404);
    expect(gone.body).toEqual({ message: 'Release not found', errors: [] });
  });

  it('answers 404 for unknown and out-of-range ids, and for non-numeric ones', async () => {
    const unknown = await api.request('GET', '/api/v1/releases/9999');
    const huge = await api.request('GET', '/api/v1/releases/99999999999999');
    const text = await api.request('GET', '/api/v1/releases/abc');

    expect(unknown.status).toBe(404);
    expect(huge.status).toBe(404);
    expect(text.status).toBe(404);
  });

  it('refuses an empty update', async () => {
    const res = await api.request('PUT', '/api/v1/releases/1', { rawBody: '' });

    expect(res.status).toBe(400);
    expect(res.body.message).toBe('Empty request received');
  });

  it('cannot be deleted while an environment uses it', async () => {
    await api.db.query(
      "INSERT INTO clusters (name, release_id, fuel_version) VALUES ('rel-user', 1, '10.0')",
    );

    const res = await api.request('DELETE', '/api/v1/releases/1');

    expect(res.status).toBe(400);
    expect(res.body.message).toBe("Can't delete release with clusters assigned");
    expect((await api.request('GET', '/api/v1/releases/1')).status).toBe(200);
  });

  it('serves and replaces its network metadata', async () => {
    const created = await api.request('POST', '/api/releases', { body: newRelease('Ocata F') });

    const put = await api.request('PUT', `/api/releases/${created.body.id}/networks`, {
      body: { neutron: { networks: [], config: {} } },
    });
    const got = await api.request('GET', `/api/releases/${created.body.id}/networks`);

    expect(put.status).toBe(200);
    expect(got.body).toEqual({ neutron: { networks: [], config: {} } });
  });
});
