import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestApi, type TestApi } from '../support/api.js';

let api: TestApi;
beforeAll(async () => {
  api = await startTestApi();
});
afterAll(() => api.close());

let clusterCounter = 0;

/** A fresh environment whose pending changes are cleared, so new ones can be seen. */
async function createCluster(status = 'new'): Promise<number> {
  clusterCounter += 1;
  const res = await api.request('POST', '/api/v1/clusters', {
    body: { name: `env-attrs-${clusterCounter}`, release_id: 1 },
  });
  expect(res.status).toBe(201);
  await api.db.query('DELETE FROM cluster_changes WHERE cluster_id = $1', [res.body.id]);
  await api.db.query('UPDATE clusters SET status = $2 WHERE id = $1', [res.body.id, status]);
  return res.body.id;
}

async function pendingChanges(id: number): Promise<string[]> {
  const { rows } = await api.db.query<{ name: string }>(
    'SELECT name FROM cluster_changes WHERE cluster_id = $1 ORDER BY id',
    [id],
  );
  return rows.map((row) => row.name);
}

const attributesPath = (id: number) => `/api/v1/clusters/${id}/attributes`;

describe('GET /clusters/{id}/attributes', () => {
  it("answers the environment's settings under editable", async () => {
    const id = await createCluster();

    const res = await api.request('GET', attributesPath(id));

    expect(res.status).toBe(200);
    expect(Object.keys(res.body)).toEqual(['editable']);
    expect(res.body.editable.common.debug).toMatchObject({ type: 'checkbox', value: false });
    expect(res.body.editable.provision.method.value).toBe('image');
  });

  it('answers 404 for an unknown environment', async () => {
    const res = await api.request('GET', attributesPath(999999));

    expect(res.status).toBe(404);
    expect(res.body.message).toBe('Cluster not found');
  });
});

describe.each(['PUT', 'PATCH'])('%s /clusters/{id}/attributes', (method) => {
  it('deep-merges the change and adds the pending change "attributes"', async () => {
    const id = await createCluster();

    const res = await api.request(method, attributesPath(id), {
      body: {
        editable: { common: { debug: { value: true } }, access: { user: { value: 'operator' } } },
      },
    });

    expect(res.status).toBe(200);
    expect(res.body.editable.common.debug).toMatchObject({
      value: true,
      type: 'checkbox',
      weight: 20,
    });
    expect(res.body.editable.common.puppet_debug.value).toBe(true);
    expect(res.body.editable.access.user.value).toBe('operator');
    expect((await api.request('GET', attributesPath(id))).body).toEqual(res.body);
    expect(await pendingChanges(id)).toEqual(['attributes']);
  });

  it('replaces lists instead of merging them', async () => {
    const id = await createCluster();

    const res = await api.request(method, attributesPath(id), {
      body: { editable: { external_dns: { dns_list: { value: ['1.1.1.1'] } } } },
    });

    expect(res.status).toBe(200);
    expect(res.body.editable.external_dns.dns_list.value).toEqual(['1.1.1.1']);
  });
});

describe('changing attributes is refused', () => {
  it.each([
    [{ generated: { mysql: {} } }, 'It is not allowed to update generated attributes'],
    [{ editable: ['debug'] }, 'Editable attributes should be a dictionary'],
    [{ editable: 'debug' }, 'Editable attributes should be a dictionary'],
    [{ editable: { common: 5 } }, "Attribute group 'common' should be a dictionary"],
    [
      { editable: { provision: { method: { value: 'cobbler' } } } },
      'Cannot use classic provisioning for adding nodes to environment',
    ],
    [
      { editable: { common: { debug: { value: 'yes' } } } },
      `[debug] "yes" is not of type 'boolean'`,
    ],
    [
      { editable: { common: { debug: { type: 'toggle' } } } },
      '[debug] "toggle" is not a known attribute type',
    ],
    [{ editable: { common: { fresh: { value: 1 } } } }, "[fresh] 'type' is a required property"],
    [{ editable: { access: { user: { value: 'nova' } } } }, '[user] Invalid username'],
    [{ editable: { access: { email: { value: 'nobody' } } } }, '[email] Invalid email'],
    [
      { editable: { external_dns: { dns_list: { value: ['8.8.8.8', 'dns'] } } } },
      '[dns_list] Invalid IP address',
    ],
    [
      { editable: { external_dns: { dns_list: { value: 'dns' } } } },
      `[dns_list] "dns" is not of type 'list of strings'`,
    ],
  ])('%j → 400 "%s", nothing changed', async (body, message) => {
    const id = await createCluster();
    const before = (await api.request('GET', attributesPath(id))).body;

    const res = await api.request('PUT', attributesPath(id), { body });

    expect(res.status).toBe(400);
    expect(res.body).toEqual({ message, errors: [] });
    expect((await api.request('GET', attributesPath(id))).body).toEqual(before);
    expect(await pendingChanges(id)).toEqual([]);
  });

  it('refuses malformed, empty and non-object bodies', async () => {
    const id = await createCluster();

    const malformed = await api.request('PATCH', attributesPath(id), { rawBody: '{"editable"' });
    const empty = await api.request('PUT', attributesPath(id), { rawBody: ' ' });
    const list = await api.request('PUT', attributesPath(id), { body: [] });

    expect(malformed.body.message).toBe('Invalid json received');
    expect(empty.body.message).toBe('Empty request received');
    expect(list.status).toBe(400);
  });

  it('answers 404 for an unknown environment', async () => {
    const res = await api.request('PUT', attributesPath(999999), { body: { editable: {} } });

    expect(res.status).toBe(404);
  });
});

describe('attributes of a locked environment', () => {
  it('refuses a change with 403 and changes nothing', async () => {
    const id = await createCluster('deployment');
    const before = (await api.request('GET', attributesPath(id))).body;

    const res = await api.request('PUT', attributesPath(id), {
      body: { editable: { common: { debug: { value: true } } } },
    });

    expect(res.status).toBe(403);
    expect(res.body.message).toBe(
      "Environment attribute 'common.debug' couldn't be changed after or during deployment.",
    );
    expect((await api.request('GET', attributesPath(id))).body).toEqual(before);
    expect(await pendingChanges(id)).toEqual([]);
  });

  it('accepts a change of an always_editable group', async () => {
    const id = await createCluster('deployment');
    const repos = [
      { name: 'mine', type: 'deb', uri: 'http://x/', suite: 's', section: 'main', priority: 1 },
    ];

    const res = await api.request('PATCH', attributesPath(id), {
      body: { editable: { repo_setup: { repos: { value: repos } } } },
    });

    expect(res.status).toBe(200);
    expect(res.body.editable.repo_setup.repos.value).toEqual(repos);
  });

  it('accepts any change with ?force=1', async () => {
    const id = await createCluster('deployment');

    const res = await api.request('PUT', `${attributesPath(id)}?force=1`, {
      body: { editable: { common: { debug: { value: true } } } },
    });

    expect(res.status).toBe(200);
    expect(res.body.editable.common.debug.value).toBe(true);
  });

  it('still refuses with ?force=0 and rejects a force that is no boolean', async () => {
    const id = await createCluster('deployment');
    const body = { editable: { common: { debug: { value: true } } } };

    const off = await api.request('PUT', `${attributesPath(id)}?force=no`, { body });
    const bad = await api.request('PUT', `${attributesPath(id)}?force=maybe`, { body });

    expect(off.status).toBe(403);
    expect(bad.status).toBe(400);
  });

  it('is not locked once deployed: operational environments accept changes', async () => {
    const id = await createCluster('operational');

    const res = await api.request('PUT', attributesPath(id), {
      body: { editable: { common: { debug: { value: true } } } },
    });

    expect(res.status).toBe(200);
  });
});

describe('/clusters/{id}/attributes/defaults', () => {
  it("GET answers the release's defaults without touching the environment", async () => {
    const id = await createCluster();
    await api.request('PUT', attributesPath(id), {
      body: { editable: { common: { debug: { value: true } } } },
    });

    const res = await api.request('GET', `${attributesPath(id)}/defaults`);

    expect(res.status).toBe(200);
    expect(res.body.editable.common.debug.value).toBe(false);
    expect(res.body.editable.storage.fsid.value).toMatch(/^[0-9a-f-]{36}$/);
    expect((await api.request('GET', attributesPath(id))).body.editable.common.debug.value).toBe(
      true,
    );
  });

  it('PUT resets the settings to the defaults and adds the pending change', async () => {
    const id = await createCluster();
    await api.request('PUT', attributesPath(id), {
      body: { editable: { common: { debug: { value: true } } } },
    });
    await api.db.query('DELETE FROM cluster_changes WHERE cluster_id = $1', [id]);

    const res = await api.request('PUT', `${attributesPath(id)}/defaults`);

    expect(res.status).toBe(200);
    expect(res.body.editable.common.debug.value).toBe(false);
    expect((await api.request('GET', attributesPath(id))).body).toEqual(res.body);
    expect(await pendingChanges(id)).toEqual(['attributes']);
  });

  it('answers 404 for an unknown environment', async () => {
    const get = await api.request('GET', `${attributesPath(999999)}/defaults`);
    const put = await api.request('PUT', `${attributesPath(999999)}/defaults`);

    expect(get.status).toBe(404);
    expect(put.status).toBe(404);
  });
});

describe('GET /clusters/{id}/attributes/deployed', () => {
  it('answers 404 before the first deployment', async () => {
    const id = await createCluster();

    const res = await api.request('GET', `${attributesPath(id)}/deployed`);

    expect(res.status).toBe(404);
    expect(res.body.message).toBe('Cluster does not have deployed attributes!');
  });

  it('answers the settings the last deployment used', async () => {
    const id = await createCluster('operational');
    const deployed = { editable: { common: { debug: { value: true } } } };
    await api.db.query('UPDATE clusters SET deployed_attributes = $2 WHERE id = $1', [
      id,
      JSON.stringify(deployed),
    ]);

    const res = await api.request('GET', `${attributesPath(id)}/deployed`);

    expect(res.status).toBe(200);
    expect(res.body).toEqual(deployed);
  });
});

describe('GET /clusters/{id}/generated', () => {
  it('answers the generated attributes', async () => {
    const id = await createCluster();

    const res = await api.request('GET', `/api/v1/clusters/${id}/generated`);

    expect(res.status).toBe(200);
    expect(res.body.rabbit.password).toMatch(/^[A-Za-z0-9]{24}$/);
    expect(res.body.nova.state_path).toBe('/var/lib/nova');
  });

  it('answers 404 for an unknown environment', async () => {
    const res = await api.request('GET', '/api/v1/clusters/999999/generated');

    expect(res.status).toBe(404);
  });
});
