import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestApi, type TestApi } from '../support/api.js';

let api: TestApi;
beforeAll(async () => {
  api = await startTestApi();
});
afterAll(() => api.close());

let macCounter = 0;

interface NodeOptions {
  online?: boolean;
  clusterId?: number | null;
  hostname?: string | null;
}

/** A node as the agent would have registered it (inserted directly: agents are not tested here). */
async function insertNode(options: NodeOptions = {}): Promise<number> {
  macCounter += 1;
  const mac = `52:54:00:10:${(macCounter >> 8).toString(16).padStart(2, '0')}:${(macCounter & 255).toString(16).padStart(2, '0')}`;
  const { rows } = await api.db.query<{ id: number }>(
    `INSERT INTO nodes (name, mac, status, online, cluster_id, hostname)
     VALUES ($1, $2, 'discover', $3, $4, $5) RETURNING id`,
    [
      `node ${macCounter}`,
      mac,
      options.online ?? true,
      options.clusterId ?? null,
      options.hostname ?? null,
    ],
  );
  return rows[0]?.id ?? 0;
}

async function createCluster(name: string, extra: Record<string, unknown> = {}) {
  const res = await api.request('POST', '/api/v1/clusters/', {
    body: { name, release_id: 1, ...extra },
  });
  expect(res.status).toBe(201);
  return res.body as { id: number; name: string };
}

async function count(sql: string, params: unknown[] = []): Promise<number> {
  const { rows } = await api.db.query<{ n: number }>(
    `SELECT count(*)::int AS n FROM ${sql}`,
    params,
  );
  return rows[0]?.n ?? 0;
}

/** A snapshot of everything a rejected creation must leave alone. */
async function creationState() {
  return {
    clusters: await count('clusters'),
    nodegroups: await count('nodegroups'),
    networks: await count('network_groups'),
    changes: await count('cluster_changes'),
    assigned: await count('nodes WHERE cluster_id IS NOT NULL'),
  };
}

async function addUnavailableRelease(): Promise<number> {
  const { rows } = await api.db.query<{ id: number }>(
    `INSERT INTO releases (name, version, operating_system, state)
     VALUES ('Newton on CentOS 6.5', 'newton-10.0', 'CentOS', 'unavailable') RETURNING id`,
  );
  return rows[0]?.id ?? 0;
}

describe('POST /clusters', () => {
  it('creates an environment with the defaults Nailgun gives a new one', async () => {
    const res = await api.request('POST', '/api/v1/clusters/', {
      body: { name: 'env-defaults', release_id: 1 },
    });

    expect(res.status).toBe(201);
    expect(res.body).toEqual({
      id: expect.any(Number),
      name: 'env-defaults',
      mode: 'ha_compact',
      status: 'new',
      net_provider: 'neutron',
      release_id: 1,
      fuel_version: '10.0',
      is_customized: false,
      is_locked: false,
      changes: [
        { name: 'attributes', node_id: null },
        { name: 'networks', node_id: null },
      ],
      ui_settings: {
        view_mode: 'standard',
        filter: {},
        sort: [{ roles: 'asc' }],
        filter_by_labels: {},
        sort_by_labels: [],
        search: '',
      },
      components: [],
      pending_release_id: null,
    });
  });

  it('creates the default node group and the networks of the release with their addresses', async () => {
    const { id } = await createCluster('env-networks');

    const groups = await api.db.query(
      'SELECT id, name, is_default FROM nodegroups WHERE cluster_id = $1',
      [id],
    );
    const { rows } = await api.db.query<Record<string, unknown>>(
      `SELECT name, group_id, cidr, gateway, vlan_start, ip_ranges FROM network_groups
       WHERE cluster_id = $1 ORDER BY id`,
      [id],
    );
    expect(groups.rows).toEqual([{ id: expect.any(Number), name: 'default', is_default: true }]);
    const groupId = (groups.rows[0] as { id: number }).id;
    expect(rows).toEqual([
      {
        name: 'public',
        group_id: groupId,
        cidr: '172.16.0.0/24',
        gateway: '172.16.0.1',
        vlan_start: null,
        ip_ranges: [['172.16.0.2', '172.16.0.126']],
      },
      {
        name: 'management',
        group_id: groupId,
        cidr: '192.168.0.0/24',
        gateway: null,
        vlan_start: 101,
        ip_ranges: [['192.168.0.1', '192.168.0.254']],
      },
      {
        name: 'storage',
        group_id: groupId,
        cidr: '192.168.1.0/24',
        gateway: null,
        vlan_start: 102,
        ip_ranges: [['192.168.1.1', '192.168.1.254']],
      },
      {
        name: 'private',
        group_id: groupId,
        cidr: null,
        gateway: null,
        vlan_start: null,
        ip_ranges: [],
      },
    ]);
  });

  it('creates the shared admin network once, outside any environment', async () => {
    await createCluster('env-admin-a');
    await createCluster('env-admin-b');

    const { rows } = await api.db.query(
      `SELECT cluster_id, group_id, cidr, gateway, ip_ranges FROM network_groups
       WHERE name = 'fuelweb_admin'`,
    );
    expect(rows).toEqual([
      {
        cluster_id: null,
        group_id: null,
        cidr: '10.20.0.0/24',
        gateway: '10.20.0.1',
        ip_ranges: [['10.20.0.3', '10.20.0.254']],
      },
    ]);
  });

  it('generates passwords, keys and ids, and fills the {cluster.id} placeholders', async () => {
    const { id } = await createCluster('env-generated');

    const generated = (await api.request('GET', `/api/v1/clusters/${id}/generated`)).body;
    const editable = (await api.request('GET', `/api/v1/clusters/${id}/attributes`)).body.editable;
    expect(generated.mysql.root_password).toMatch(/^[A-Za-z0-9]{24}$/);
    expect(generated.mysql.wsrep_password).not.toBe(generated.mysql.root_password);
    expect(generated.cinder.fixed_key).toMatch(/^[0-9a-f]{64}$/);
    expect(generated.heat.auth_encryption_key).toMatch(/^[0-9a-f]{32}$/);
    expect(generated.provision.image_data['/'].uri).toContain(
      `/env_${id}_ubuntu_1604_amd64.img.gz`,
    );
    expect(generated.deployed_before).toEqual({ value: false });
    expect(editable.storage.fsid.value).toMatch(/^[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-/);
    expect(editable.workloads_collector.password.value).toMatch(/^[A-Za-z0-9]{24}$/);
  });

  it('uses tunnelling segmentation when asked: no VLAN private network, segmentation tun', async () => {
    const { id } = await createCluster('env-tun', { net_segment_type: 'tun' });

    const config = await api.request('GET', `/api/v1/clusters/${id}/network_configuration/neutron`);
    expect(config.body.networking_parameters).toMatchObject({
      segmentation_type: 'tun',
      net_l23_provider: 'ovs',
    });
    expect(config.body.networks.map((n: { name: string }) => n.name)).toEqual([
      'public',
      'management',
      'storage',
      'fuelweb_admin',
    ]);
  });

  it('accepts the release id under the older name "release"', async () => {
    const res = await api.request('POST', '/api/v1/clusters', {
      body: { name: 'env-alias', release: 1 },
    });

    expect(res.status).toBe(201);
    expect(res.body.release_id).toBe(1);
  });

  it('creates a nova-network environment without neutron networks', async () => {
    const res = await api.request('POST', '/api/v1/clusters', {
      body: { name: 'env-nova', release_id: 1, net_provider: 'nova_network' },
    });

    expect(res.status).toBe(201);
    expect(res.body.net_provider).toBe('nova_network');
    expect(await count('network_groups WHERE cluster_id = $1', [res.body.id])).toBe(0);
  });

  it('applies what the chosen components bind', async () => {
    const components = ['hypervisor:qemu', 'network:neutron:ml2:tun', 'storage:block:ceph'];

    const res = await api.request('POST', '/api/v1/clusters', {
      body: { name: 'env-components', release_id: 1, components },
    });

    expect(res.status).toBe(201);
    expect(res.body.components).toEqual(components);
    const { editable } = (await api.request('GET', `/api/v1/clusters/${res.body.id}/attributes`))
      .body;
    expect(editable.storage.volumes_ceph.value).toBe(true);
    expect(editable.storage.volumes_lvm.value).toBe(false);
    const config = await api.request(
      'GET',
      `/api/v1/clusters/${res.body.id}/network_configuration/neutron`,
    );
    expect(config.body.networking_parameters.segmentation_type).toBe('tun');
  });

  it('adds the listed nodes to the default node group', async () => {
    const nodeA = await insertNode();
    const nodeB = await insertNode();

    const res = await api.request('POST', '/api/v1/clusters', {
      body: { name: 'env-with-nodes', release_id: 1, nodes: [nodeA, nodeB] },
    });

    expect(res.status).toBe(201);
    const { rows } = await api.db.query(
      `SELECT n.id, n.cluster_id, g.name AS group_name FROM nodes n
       JOIN nodegroups g ON g.id = n.group_id WHERE n.id = ANY($1) ORDER BY n.id`,
      [[nodeA, nodeB]],
    );
    expect(rows).toEqual([
      { id: nodeA, cluster_id: res.body.id, group_name: 'default' },
      { id: nodeB, cluster_id: res.body.id, group_name: 'default' },
    ]);
  });

  it.each([
    [{ name: 'env-x' }, 'Release ID is required'],
    [{ name: 'env-x', release_id: 0 }, 'Release ID is required'],
    [{ name: 'env-x', release_id: 'abc' }, 'Invalid release ID'],
    [{ name: 'env-x', release_id: 1.5 }, 'Invalid release ID'],
    [{ name: 'env-x', release_id: 999 }, 'Invalid release ID'],
    [{ name: 'env-x', release_id: 99999999999 }, 'Invalid release ID'],
    [
      { name: 'env-x', release_id: 1, mode: 'multinode' },
      'Cannot deploy in multinode mode in current release. Need to be one of: ha_compact',
    ],
    [{ release_id: 1 }, 'Environment name is required'],
    [
      { name: 'env-x', release_id: 1, components: ['storage:block:nope'] },
      "['storage:block:nope'] components are not related to used release.",
    ],
    [
      { name: 'env-x', release_id: 1, components: ['storage:block:lvm', 'storage:block:ceph'] },
      "Incompatible components were found: 'storage:block:lvm' incompatible with ['storage:block:ceph'].",
    ],
  ])('refuses %j with 400 "%s" and creates nothing', async (body, message) => {
    const before = await creationState();

    const res = await api.request('POST', '/api/v1/clusters', { body });

    expect(res.status).toBe(400);
    expect(res.body).toEqual({ message, errors: [] });
    expect(await creationState()).toEqual(before);
  });

  it.each([
    [{ name: 'env-x', release_id: 1, net_provider: 'flat' }, 'net_provider'],
    [{ name: 'env-x', release_id: 1, net_segment_type: 'vxlan' }, 'net_segment_type'],
    [{ name: '', release_id: 1 }, 'name'],
    [{ name: 'x'.repeat(51), release_id: 1 }, 'name'],
    [{ name: 7, release_id: 1 }, 'name'],
    [{ name: 'env-x', release_id: 1, nodes: ['a'] }, 'nodes.0'],
    [{ name: 'env-x', release_id: 1, ui_settings: { view_mode: 'big' } }, 'ui_settings'],
  ])('refuses the wrong type in %j (400 naming %s)', async (body, field) => {
    const before = await creationState();

    const res = await api.request('POST', '/api/v1/clusters', { body });

    expect(res.status).toBe(400);
    expect(res.body.message.startsWith(`${field}`)).toBe(true);
    expect(await creationState()).toEqual(before);
  });

  it('refuses a release that is not deployable with 403', async () => {
    const releaseId = await addUnavailableRelease();
    const before = await creationState();

    const res = await api.request('POST', '/api/v1/clusters', {
      body: { name: 'env-unavailable', release_id: releaseId },
    });

    expect(res.status).toBe(403);
    expect(res.body.message).toBe(`Release with ID '${releaseId}' is not deployable.`);
    expect(await creationState()).toEqual(before);
  });

  it('refuses a second environment of the same name with 409', async () => {
    await createCluster('env-twice');
    const before = await creationState();

    const res = await api.request('POST', '/api/v1/clusters', {
      body: { name: 'env-twice', release_id: 1 },
    });

    expect(res.status).toBe(409);
    expect(res.body.message).toBe('Environment with this name already exists');
    expect(await creationState()).toEqual(before);
  });

  it('answers 409 with the same text when two requests race for one name', async () => {
    const body = { name: 'env-race', release_id: 1 };

    const answers = await Promise.all([
      api.request('POST', '/api/v1/clusters', { body }),
      api.request('POST', '/api/v1/clusters', { body }),
    ]);

    expect(answers.map((res) => res.status).sort()).toEqual([201, 409]);
    const refused = answers.find((res) => res.status === 409);
    expect(refused?.body.message).toBe('Environment with this name already exists');
    expect(await count('clusters WHERE name = $1', ['env-race'])).toBe(1);
  });

  it('refuses malformed and empty bodies', async () => {
    const malformed = await api.request('POST', '/api/v1/clusters', { rawBody: '{"name": ' });
    const empty = await api.request('POST', '/api/v1/clusters', { rawBody: '' });
    const list = await api.request('POST', '/api/v1/clusters', { body: [1] });

    expect(malformed.status).toBe(400);
    expect(malformed.body.message).toBe('Invalid json received');
    expect(empty.status).toBe(400);
    expect(empty.body.message).toBe('Empty request received');
    expect(list.status).toBe(400);
  });

  it('refuses unknown, offline and taken nodes, leaving every node where it was', async () => {
    const owner = await createCluster('env-owner');
    const taken = await insertNode({ clusterId: owner.id });
    const offline = await insertNode({ online: false });
    const free = await insertNode();
    const before = await creationState();

    const unknown = await api.request('POST', '/api/v1/clusters', {
      body: { name: 'env-bad-nodes', release_id: 1, nodes: [free, 987654] },
    });
    const down = await api.request('POST', '/api/v1/clusters', {
      body: { name: 'env-bad-nodes', release_id: 1, nodes: [free, offline] },
    });
    const other = await api.request('POST', '/api/v1/clusters', {
      body: { name: 'env-bad-nodes', release_id: 1, nodes: [free, taken] },
    });

    expect(unknown.status).toBe(400);
    expect(unknown.body.message).toBe('Nodes with ids 987654 were not found.');
    expect(down.status).toBe(400);
    expect(down.body.message).toBe(`Cannot add offline node '${offline}' to environment`);
    expect(other.status).toBe(400);
    expect(other.body.message).toBe(
      `Nodes with ids ${taken} already belong to another environment.`,
    );
    expect(await creationState()).toEqual(before);
  });

  it('refuses nodes whose hostnames clash with 409', async () => {
    const nodeA = await insertNode({ hostname: 'twin' });
    const nodeB = await insertNode({ hostname: 'twin' });

    const res = await api.request('POST', '/api/v1/clusters', {
      body: { name: 'env-twins', release_id: 1, nodes: [nodeA, nodeB] },
    });

    expect(res.status).toBe(409);
    expect(res.body.message).toMatch(
      /^Nodes with hostnames \[twin\] already exist in cluster \d+\.$/,
    );
    expect(await count('clusters WHERE name = $1', ['env-twins'])).toBe(0);
  });
});

describe('GET /clusters', () => {
  it('lists every environment, oldest first, with its pending changes', async () => {
    const a = await createCluster('env-list-a');
    const b = await createCluster('env-list-b');

    const res = await api.request('GET', '/api/v1/clusters/');

    expect(res.status).toBe(200);
    const ids = res.body.map((c: { id: number }) => c.id);
    expect(ids.indexOf(a.id)).toBeLessThan(ids.indexOf(b.id));
    expect(res.body.find((c: { id: number }) => c.id === b.id).changes).toHaveLength(2);
    expect(res.headers.get('content-range')).toBeNull();
  });

  it('pages with limit and offset and answers a Content-Range', async () => {
    await createCluster('env-page-a');
    await createCluster('env-page-b');
    const total = (await api.request('GET', '/api/v1/clusters')).body.length;

    const res = await api.request('GET', '/api/v1/clusters?limit=1&offset=1&order_by=-id');

    expect(res.status).toBe(200);
    expect(res.body).toHaveLength(1);
    expect(res.headers.get('content-range')).toBe(`objects 2-2/${total}`);
  });

  it('refuses a bad limit with 400 and an offset past the end with 416', async () => {
    const bad = await api.request('GET', '/api/v1/clusters?limit=x');
    const past = await api.request('GET', '/api/v1/clusters?offset=100000');

    expect(bad.status).toBe(400);
    expect(bad.body.message).toBe('Cannot convert "x" to int');
    expect(past.status).toBe(416);
  });
});

describe('GET /clusters/{id}', () => {
  it('shows one environment', async () => {
    const { id } = await createCluster('env-show');

    const res = await api.request('GET', `/api/v1/clusters/${id}`);

    expect(res.status).toBe(200);
    expect(res.body).toMatchObject({ id, name: 'env-show', status: 'new', is_locked: false });
  });

  it('reports a locked environment while it deploys', async () => {
    const { id } = await createCluster('env-locked-show');
    await api.db.query("UPDATE clusters SET status = 'deployment' WHERE id = $1", [id]);

    const res = await api.request('GET', `/api/v1/clusters/${id}`);

    expect(res.body).toMatchObject({ status: 'deployment', is_locked: true });
  });

  it('answers 404 "Cluster not found" for an unknown id', async () => {
    const res = await api.request('GET', '/api/v1/clusters/999999');
    const huge = await api.request('GET', '/api/v1/clusters/99999999999');

    expect(res.status).toBe(404);
    expect(res.body.message).toBe('Cluster not found');
    expect(huge.status).toBe(404);
  });
});

describe('PUT /clusters/{id}', () => {
  it('renames an environment, changes its UI settings and ignores unknown fields', async () => {
    const { id } = await createCluster('env-rename');
    const ui = {
      view_mode: 'compact',
      filter: {},
      sort: [],
      filter_by_labels: {},
      sort_by_labels: [],
      search: 'x',
    };

    const res = await api.request('PUT', `/api/v1/clusters/${id}/`, {
      body: {
        name: 'env-renamed',
        ui_settings: ui,
        mode: 'ha_compact',
        is_locked: true,
        whatever: 1,
      },
    });

    expect(res.status).toBe(200);
    expect(res.body).toMatchObject({ id, name: 'env-renamed', ui_settings: ui, is_locked: false });
    expect((await api.request('GET', `/api/v1/clusters/${id}`)).body.name).toBe('env-renamed');
  });

  it('refuses a name another environment has with 409 and keeps the old one', async () => {
    await createCluster('env-taken-name');
    const { id } = await createCluster('env-wants-name');

    const res = await api.request('PUT', `/api/v1/clusters/${id}`, {
      body: { name: 'env-taken-name' },
    });

    expect(res.status).toBe(409);
    expect(res.body.message).toBe('Environment with this name already exists');
    expect((await api.request('GET', `/api/v1/clusters/${id}`)).body.name).toBe('env-wants-name');
  });

  it('keeps its own name without complaint', async () => {
    const { id } = await createCluster('env-same-name');

    const res = await api.request('PUT', `/api/v1/clusters/${id}`, {
      body: { name: 'env-same-name' },
    });

    expect(res.status).toBe(200);
  });

  it.each([
    [{ net_provider: 'nova_network' }, "Changing 'net_provider' for environment is prohibited"],
    [
      { mode: 'ha_full', name: 'env-never' },
      'Cannot deploy in ha_full mode in current release. Need to be one of: ha_compact',
    ],
  ])('refuses %j with 400 "%s" and changes nothing', async (body, message) => {
    const { id } = await createCluster(`env-refuse-${Math.random().toString(36).slice(2, 8)}`);
    const before = (await api.request('GET', `/api/v1/clusters/${id}`)).body;

    const res = await api.request('PUT', `/api/v1/clusters/${id}`, { body });

    expect(res.status).toBe(400);
    expect(res.body.message).toBe(message);
    expect((await api.request('GET', `/api/v1/clusters/${id}`)).body).toEqual(before);
  });

  it('accepts the net_provider the environment already has', async () => {
    const { id } = await createCluster('env-same-provider');

    const res = await api.request('PUT', `/api/v1/clusters/${id}`, {
      body: { net_provider: 'neutron' },
    });

    expect(res.status).toBe(200);
  });

  it('refuses wrong types, empty and malformed bodies', async () => {
    const { id } = await createCluster('env-put-types');

    const wrong = await api.request('PUT', `/api/v1/clusters/${id}`, { body: { name: 5 } });
    const empty = await api.request('PUT', `/api/v1/clusters/${id}`, { rawBody: '' });
    const malformed = await api.request('PUT', `/api/v1/clusters/${id}`, { rawBody: '{' });

    expect(wrong.status).toBe(400);
    expect(empty.body.message).toBe('Empty request received');
    expect(malformed.body.message).toBe('Invalid json received');
  });

  it('replaces the node list: new nodes join, missing ones leave and are reset', async () => {
    const { id } = await createCluster('env-members');
    const staying = await insertNode();
    const leaving = await insertNode();
    const joining = await insertNode();
    await api.request('PUT', `/api/v1/clusters/${id}`, { body: { nodes: [staying, leaving] } });
    await api.db.query(
      `UPDATE nodes SET roles = '{compute}', pending_roles = '{cinder}', pending_addition = true,
                        hostname = 'custom-name' WHERE id = $1`,
      [leaving],
    );
    const nic = await api.db.query<{ id: number }>(
      `INSERT INTO node_nic_interfaces (node_id, name, mac) VALUES ($1, 'eth0', '52:54:00:99:00:01') RETURNING id`,
      [leaving],
    );
    const network = await api.db.query<{ id: number }>(
      "SELECT id FROM network_groups WHERE cluster_id = $1 AND name = 'management'",
      [id],
    );
    await api.db.query(
      'INSERT INTO nic_network_assignments (interface_id, network_id) VALUES ($1, $2)',
      [nic.rows[0]?.id, network.rows[0]?.id],
    );

    const res = await api.request('PUT', `/api/v1/clusters/${id}`, {
      body: { nodes: [staying, joining] },
    });

    expect(res.status).toBe(200);
    const members = await api.db.query('SELECT id FROM nodes WHERE cluster_id = $1 ORDER BY id', [
      id,
    ]);
    expect(members.rows).toEqual([{ id: staying }, { id: joining }]);
    const left = await api.db.query(
      `SELECT cluster_id, group_id, hostname, roles, pending_roles, pending_addition, pending_deletion
       FROM nodes WHERE id = $1`,
      [leaving],
    );
    expect(left.rows[0]).toEqual({
      cluster_id: null,
      group_id: null,
      hostname: null,
      roles: [],
      pending_roles: [],
      pending_addition: false,
      pending_deletion: false,
    });
    expect(await count('nic_network_assignments WHERE interface_id = $1', [nic.rows[0]?.id])).toBe(
      0,
    );
  });

  it('refuses an offline node and leaves the membership as it was', async () => {
    const { id } = await createCluster('env-offline-join');
    const member = await insertNode();
    const offline = await insertNode({ online: false });
    await api.request('PUT', `/api/v1/clusters/${id}`, { body: { nodes: [member] } });

    const res = await api.request('PUT', `/api/v1/clusters/${id}`, {
      body: { nodes: [offline], name: 'env-offline-renamed' },
    });

    expect(res.status).toBe(400);
    expect(res.body.message).toBe(`Cannot add offline node '${offline}' to environment`);
    const members = await api.db.query('SELECT id FROM nodes WHERE cluster_id = $1', [id]);
    expect(members.rows).toEqual([{ id: member }]);
    expect((await api.request('GET', `/api/v1/clusters/${id}`)).body.name).toBe('env-offline-join');
  });

  it('refuses a node whose hostname a member already has with 409', async () => {
    const { id } = await createCluster('env-hostname-clash');
    const member = await insertNode({ hostname: 'controller-1' });
    const newcomer = await insertNode({ hostname: 'controller-1' });
    await api.request('PUT', `/api/v1/clusters/${id}`, { body: { nodes: [member] } });

    const res = await api.request('PUT', `/api/v1/clusters/${id}`, {
      body: { nodes: [member, newcomer] },
    });

    expect(res.status).toBe(409);
    expect(res.body.message).toBe(
      `Nodes with hostnames [controller-1] already exist in cluster ${id}.`,
    );
    expect(await count('nodes WHERE cluster_id = $1', [id])).toBe(1);
  });

  it('answers 404 for an unknown environment', async () => {
    const res = await api.request('PUT', '/api/v1/clusters/999999', { body: { name: 'x' } });

    expect(res.status).toBe(404);
    expect(res.body.message).toBe('Cluster not found');
  });
});

describe('DELETE /clusters/{id}', () => {
  it('deletes an environment without nodes at once and answers 202 with the finished task', async () => {
    const { id } = await createCluster('env-delete');
    const admin = await count("network_groups WHERE name = 'fuelweb_admin'");

    const res = await api.request('DELETE', `/api/v1/clusters/${id}/`);

    expect(res.status).toBe(202);
    expect(res.body).toMatchObject({
      name: 'cluster_deletion',
      status: 'ready',
      progress: 100,
      message: "Environment 'env-delete' is deleted",
    });
    expect((await api.request('GET', `/api/v1/clusters/${id}`)).status).toBe(404);
    expect(await count('network_groups WHERE cluster_id = $1', [id])).toBe(0);
    expect(await count('nodegroups WHERE cluster_id = $1', [id])).toBe(0);
    expect(await count("network_groups WHERE name = 'fuelweb_admin'")).toBe(admin);
    const notes = await api.db.query(
      'SELECT topic, task_id FROM notifications WHERE message = $1',
      ["Environment 'env-delete' is deleted"],
    );
    expect(notes.rows).toEqual([{ topic: 'done', task_id: res.body.id }]);
  });

  it('starts a removal run for an environment that still has nodes', async () => {
    const { id } = await createCluster('env-delete-nodes');
    await insertNode({ clusterId: id });

    const res = await api.request('DELETE', `/api/v1/clusters/${id}`);

    expect(res.status).toBe(202);
    expect(res.body).toMatchObject({ name: 'cluster_deletion', status: 'pending', cluster: id });
    expect((await api.request('GET', `/api/v1/clusters/${id}`)).body.status).toBe('remove');
  });

  it('refuses an environment with a running task', async () => {
    const { id } = await createCluster('env-delete-busy');
    await api.db.query(
      "INSERT INTO tasks (name, cluster_id, status) VALUES ('deploy', $1, 'running')",
      [id],
    );

    const res = await api.request('DELETE', `/api/v1/clusters/${id}`);

    expect(res.status).toBe(400);
    expect(res.body.message).toBe(
      `Can't delete environment '${id}' when running deployment task exists.`,
    );
    expect((await api.request('GET', `/api/v1/clusters/${id}`)).status).toBe(200);
  });

  it('answers 404 for an unknown environment', async () => {
    const res = await api.request('DELETE', '/api/v1/clusters/999999');

    expect(res.status).toBe(404);
  });
});
