import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestApi, type TestApi } from '../support/api.js';

let api: TestApi;
let counter = 0;

beforeAll(async () => {
  api = await startTestApi();
});

afterAll(async () => {
  await api.close();
});

function nextMac(): string {
  counter += 1;
  const hex = counter.toString(16).padStart(4, '0');
  return `52:54:00:bb:${hex.slice(0, 2)}:${hex.slice(2)}`;
}

/** Registers a node through the agent route, with one NIC; returns its JSON. */
async function registerNode(extra: object = {}) {
  const mac = nextMac();
  const res = await api.request('POST', '/api/nodes', {
    token: null,
    body: { mac, ip: '10.20.0.9', meta: { interfaces: [{ name: 'eth0', mac }] }, ...extra },
  });
  if (res.status !== 201) throw new Error(`registration failed: ${res.text}`);
  return res.body;
}

async function createCluster(editable: object = {}): Promise<number> {
  counter += 1;
  const { rows } = await api.db.query<{ id: number }>(
    `INSERT INTO clusters (name, release_id, fuel_version, editable_attributes)
     VALUES ($1, 1, '10.0', $2) RETURNING id`,
    [`env-nodes-${counter}`, JSON.stringify(editable)],
  );
  return rows[0]?.id as number;
}

async function defaultGroup(clusterId: number): Promise<number> {
  const { rows } = await api.db.query<{ id: number }>(
    "INSERT INTO nodegroups (cluster_id, name, is_default) VALUES ($1, 'default', true) RETURNING id",
    [clusterId],
  );
  return rows[0]?.id as number;
}

async function getNode(id: number) {
  return (await api.request('GET', `/api/v1/nodes/${id}/`)).body;
}

async function changesOf(nodeId: number): Promise<string[]> {
  const { rows } = await api.db.query<{ name: string }>(
    'SELECT name FROM cluster_changes WHERE node_id = $1 ORDER BY name',
    [nodeId],
  );
  return rows.map((r) => r.name);
}

describe('GET /nodes', () => {
  it('lists all nodes by id, one environment, or the unallocated ones', async () => {
    const clusterId = await createCluster();
    const inside = await registerNode({ cluster_id: clusterId });
    const outside = await registerNode();

    const all = await api.request('GET', '/api/v1/nodes/');
    const ofCluster = await api.request('GET', `/api/v1/nodes/?cluster_id=${clusterId}`);
    const unallocated = await api.request('GET', '/api/v1/nodes/?cluster_id=');

    const ids = all.body.map((n: { id: number }) => n.id);
    expect(ids).toEqual([...ids].sort((a: number, b: number) => a - b));
    expect(ids).toEqual(expect.arrayContaining([inside.id, outside.id]));
    expect(ofCluster.body.map((n: { id: number }) => n.id)).toEqual([inside.id]);
    const free = unallocated.body.map((n: { id: number }) => n.id);
    expect(free).toContain(outside.id);
    expect(free).not.toContain(inside.id);
  });

  it('shows the derived status of a node in progress', async () => {
    const node = await registerNode();
    await api.db.query(
      "UPDATE nodes SET progress = 40, pending_addition = true, status = 'discover' WHERE id = $1",
      [node.id],
    );

    const res = await api.request('GET', '/api/v1/nodes/');

    expect(res.body.find((n: { id: number }) => n.id === node.id).status).toBe('provisioning');
  });

  it('refuses a cluster_id that is not a number', async () => {
    const res = await api.request('GET', '/api/v1/nodes/?cluster_id=abc');

    expect(res.status).toBe(400);
  });

  it('needs an operator token', async () => {
    const res = await api.request('GET', '/api/v1/nodes/', { token: null });

    expect(res.status).toBe(401);
  });
});

describe('GET /nodes/{id}', () => {
  it('answers the node with fqdn and labels', async () => {
    const node = await registerNode({ labels: { rack: '7', spare: null } });

    const res = await api.request('GET', `/api/v1/nodes/${node.id}`);

    expect(res.status).toBe(200);
    expect(res.body.fqdn).toBe(`node-${node.id}.domain.tld`);
    expect(res.body.labels).toEqual({ rack: '7', spare: null });
    expect(res.body).not.toHaveProperty('cluster_id');
  });

  it('answers 404 for unknown and non-numeric ids', async () => {
    const unknown = await api.request('GET', '/api/v1/nodes/987654');
    const text = await api.request('GET', '/api/v1/nodes/abc');

    expect(unknown.status).toBe(404);
    expect(unknown.body.message).toBe('Node not found');
    expect(text.status).toBe(404);
  });
});

describe('GET /nodes/allocation/stats', () => {
  it('counts all nodes and those outside any environment', async () => {
    const { rows } = await api.db.query<{ total: number; free: number }>(
      'SELECT count(*)::int AS total, (count(*) FILTER (WHERE cluster_id IS NULL))::int AS free FROM nodes',
    );

    const res = await api.request('GET', '/api/v1/nodes/allocation/stats');

    expect(res.status).toBe(200);
    expect(res.body).toEqual({ total: rows[0]?.total, unallocated: rows[0]?.free });
  });
});

describe('PUT /nodes/{id}', () => {
  async function put(id: number, body: unknown) {
    return api.request('PUT', `/api/v1/nodes/${id}/`, { body });
  }

  it('changes name, labels, kernel parameters and flags', async () => {
    const node = await registerNode();

    const res = await put(node.id, {
      name: 'compute-1',
      labels: { rack: 'r1' },
      kernel_params: 'console=ttyS0',
      pending_deletion: true,
      status: 'stopped',
      fqdn: 'ignored.example',
    });

    expect(res.status).toBe(200);
    expect(res.body).toMatchObject({
      name: 'compute-1',
      labels: { rack: 'r1' },
      kernel_params: 'console=ttyS0',
      pending_deletion: true,
      status: 'stopped',
    });
  });

  it('changes the hostname of a discovered node', async () => {
    const node = await registerNode();

    const res = await put(node.id, { hostname: 'controller-1' });

    expect(res.status).toBe(200);
    expect(res.body.hostname).toBe('controller-1');
    expect(res.body.fqdn).toBe('controller-1.domain.tld');
  });

  it('refuses an invalid hostname', async () => {
    const node = await registerNode();

    const res = await put(node.id, { hostname: 'bad_host!' });

    expect(res.status).toBe(400);
    expect(res.body.message).toMatch(/^Hostname must consist of english characters/);
    expect((await getNode(node.id)).hostname).toBe(`node-${node.id}`);
  });

  it('refuses a hostname change after provisioning started, but accepts the same hostname', async () => {
    const node = await registerNode();
    await api.db.query("UPDATE nodes SET status = 'provisioned' WHERE id = $1", [node.id]);

    const changed = await put(node.id, { hostname: 'late' });
    const same = await put(node.id, { hostname: `node-${node.id}` });

    expect(changed.status).toBe(403);
    expect(changed.body.message).toBe('Node hostname may be changed only before provisioning.');
    expect(same.status).toBe(200);
  });

  it('refuses a hostname another node of the environment has', async () => {
    const clusterId = await createCluster();
    const a = await registerNode({ cluster_id: clusterId });
    const b = await registerNode({ cluster_id: clusterId });

    const res = await put(b.id, { hostname: `node-${a.id}` });

    expect(res.status).toBe(409);
    expect(res.body.message).toBe(`Duplicate hostname 'node-${a.id}'.`);
  });

  it("refuses a hostname equal to the environment's public TLS endpoint", async () => {
    const clusterId = await createCluster({
      public_ssl: { hostname: { value: 'cloud.domain.tld' } },
    });
    const node = await registerNode({ cluster_id: clusterId });

    const res = await put(node.id, { hostname: 'cloud' });

    expect(res.status).toBe(400);
    expect(res.body.message).toBe("New hostname 'cloud' conflicts with public TLS endpoint");
  });

  it('puts a node into an environment with pending roles', async () => {
    const clusterId = await createCluster();
    const groupId = await defaultGroup(clusterId);
    const node = await registerNode();

    const res = await put(node.id, { cluster_id: clusterId, pending_roles: ['compute'] });

    expect(res.status).toBe(200);
    expect(res.body).toMatchObject({
      cluster: clusterId,
      group_id: groupId,
      pending_roles: ['compute'],
      pending_addition: false,
    });
    expect(await changesOf(node.id)).toEqual(['disks', 'interfaces']);
  });

  it('accepts the old key cluster for cluster_id', async () => {
    const clusterId = await createCluster();
    const node = await registerNode();

    const res = await put(node.id, { cluster: clusterId });

    expect(res.body.cluster).toBe(clusterId);
  });

  it('takes a node out of its environment when cluster_id is null', async () => {
    const clusterId = await createCluster();
    const node = await registerNode({ cluster_id: clusterId });
    await put(node.id, { pending_roles: ['controller'], hostname: 'ctl', pending_addition: true });

    const res = await put(node.id, { cluster_id: null });

    expect(res.status).toBe(200);
    expect(res.body).toMatchObject({
      cluster: null,
      group_id: null,
      pending_roles: [],
      roles: [],
      pending_addition: false,
      hostname: `node-${node.id}`,
    });
    expect(await changesOf(node.id)).toEqual([]);
  });

  it('refuses moving a node between environments', async () => {
    const a = await createCluster();
    const b = await createCluster();
    const node = await registerNode({ cluster_id: a });

    const res = await put(node.id, { cluster_id: b });

    expect(res.status).toBe(400);
    expect(res.body.message).toBe('Changing cluster on the fly is not allowed');
    expect((await getNode(node.id)).cluster).toBe(a);
  });

  it('refuses roles for a node outside any environment', async () => {
    const node = await registerNode();

    const res = await put(node.id, { pending_roles: ['compute'] });

    expect(res.status).toBe(400);
    expect(res.body.message).toBe(
      `Cannot assign pending_roles to node ${node.id}. Node doesn't belong to any cluster.`,
    );
  });

  it('refuses unknown and duplicate roles', async () => {
    const clusterId = await createCluster();
    const node = await registerNode({ cluster_id: clusterId });

    const unknown = await put(node.id, { pending_roles: ['zeta', 'compute', 'alpha'] });
    const duplicate = await put(node.id, { roles: ['compute', 'compute'] });

    expect(unknown.status).toBe(400);
    expect(unknown.body.message).toBe(
      `Roles alpha, zeta are not valid for node ${node.id} in environment ${clusterId}`,
    );
    expect(duplicate.body.message).toBe(
      `pending_roles list for node ${node.id} contains duplicates.`,
    );
    expect((await getNode(node.id)).pending_roles).toEqual([]);
  });

  it('refuses an environment that does not exist', async () => {
    const node = await registerNode();

    const res = await put(node.id, { cluster_id: 424242 });

    expect(res.status).toBe(400);
    expect((await getNode(node.id)).cluster).toBeNull();
  });

  it('checks the node group', async () => {
    const clusterId = await createCluster();
    const otherGroup = await defaultGroup(await createCluster());
    const inside = await registerNode({ cluster_id: clusterId });
    const outside = await registerNode();

    const missing = await put(inside.id, { group_id: 999_999 });
    const unallocated = await put(outside.id, { group_id: otherGroup });
    const foreign = await put(inside.id, { group_id: otherGroup });

    expect(missing.body.message).toBe(
      `Cannot assign node group (ID=999999) to node ${inside.id}. The specified node group does not exist.`,
    );
    expect(unallocated.body.message).toBe(
      `Cannot assign node group (ID=${otherGroup}) to node ${outside.id}. Node is not allocated to cluster.`,
    );
    expect(foreign.body.message).toBe(
      `Cannot assign node group (ID=${otherGroup}) to node ${inside.id}. Node belongs to other cluster than node group`,
    );
  });

  it.each([
    ['status', { status: 'sleeping' }],
    ['labels', { labels: { rack: 'x'.repeat(101) } }],
    ['labels', { labels: 'rack' }],
    ['name', { name: '' }],
    ['pending_roles', { pending_roles: 'compute' }],
    ['progress', { progress: 101 }],
    ['cluster_id', { cluster_id: 'one' }],
  ])('refuses a wrong %s with 400 and changes nothing', async (field, body) => {
    const node = await registerNode();

    const res = await put(node.id, body);

    expect(res.status).toBe(400);
    expect(res.body.message.startsWith(`${field}`)).toBe(true);
    expect(await getNode(node.id)).toEqual(node);
  });

  it('refuses empty and malformed bodies', async () => {
    const node = await registerNode();

    const empty = await api.request('PUT', `/api/v1/nodes/${node.id}`, { rawBody: '' });
    const malformed = await api.request('PUT', `/api/v1/nodes/${node.id}`, { rawBody: '{"a"' });

    expect(empty.body.message).toBe('Empty request received');
    expect(malformed.body.message).toBe('Invalid json received');
  });

  it('refuses an unknown MAC or id in the body, and an unknown node', async () => {
    const node = await registerNode();

    const mac = await put(node.id, { mac: nextMac(), name: 'x' });
    const id = await put(node.id, { id: 999_999, name: 'x' });
    const missing = await put(999_998, { name: 'x' });

    expect(mac.body.message).toBe('Invalid MAC is specified');
    expect(id.body.message).toBe('Invalid ID specified');
    expect(missing.status).toBe(404);
    expect((await getNode(node.id)).name).toBe(node.name);
  });

  it('updates meta and the NICs of a discovered node', async () => {
    const node = await registerNode();
    const extra = nextMac();

    const res = await put(node.id, {
      meta: {
        interfaces: [
          { name: 'eth0', mac: node.mac },
          { name: 'eth1', mac: extra },
        ],
        cpu: { total: 8 },
      },
    });

    expect(res.status).toBe(200);
    expect(res.body.meta.cpu).toEqual({ total: 8 });
    const { rows } = await api.db.query('SELECT name FROM node_nic_interfaces WHERE node_id = $1', [
      node.id,
    ]);
    expect(rows).toHaveLength(2);
  });
});

describe('PUT /nodes (bulk)', () => {
  async function bulk(body: unknown) {
    return api.request('PUT', '/api/v1/nodes/', { body });
  }

  it('updates nodes named by id or by MAC in any spelling', async () => {
    const a = await registerNode();
    const b = await registerNode();

    const res = await bulk([
      { mac: b.mac.toUpperCase().replaceAll(':', '-'), name: 'by-mac' },
      { id: a.id, name: 'by-id' },
    ]);

    expect(res.status).toBe(200);
    expect(res.body.map((n: { id: number; name: string }) => [n.id, n.name])).toEqual([
      [a.id, 'by-id'],
      [b.id, 'by-mac'],
    ]);
  });

  it('refuses a body that is not a list', async () => {
    const res = await bulk({ id: 1 });

    expect(res.status).toBe(400);
    expect(res.body.message).toBe('Invalid json list');
  });

  it.each([
    [[{ name: 'anonymous' }], 'Neither MAC nor ID is specified'],
    [[{ mac: '52:54:00:ff:ff:ff', name: 'x' }], 'Invalid MAC is specified'],
    [[{ id: 999_997, name: 'x' }], 'Invalid ID specified'],
  ])('refuses %j with its message', async (body, message) => {
    const res = await bulk(body);

    expect(res.status).toBe(400);
    expect(res.body.message).toBe(message);
  });

  it('names the item and field of a wrong type', async () => {
    const node = await registerNode();

    const res = await bulk([{ id: node.id }, { id: node.id, status: 'sleeping' }]);

    expect(res.status).toBe(400);
    expect(res.body.message.startsWith('1.status:')).toBe(true);
  });

  it('changes nothing when one item fails', async () => {
    const a = await registerNode();
    const b = await registerNode();
    await api.db.query("UPDATE nodes SET status = 'ready' WHERE id = $1", [b.id]);

    const res = await bulk([
      { id: a.id, name: 'renamed' },
      { id: b.id, hostname: 'too-late' },
    ]);

    expect(res.status).toBe(403);
    expect((await getNode(a.id)).name).toBe(a.name);
  });
});

describe('DELETE /nodes', () => {
  async function exists(id: number): Promise<boolean> {
    const { rows } = await api.db.query('SELECT 1 FROM nodes WHERE id = $1', [id]);
    return rows.length > 0;
  }

  it('deletes nodes outside any environment with a finished node_deletion task', async () => {
    const a = await registerNode();
    const b = await registerNode();

    const res = await api.request('DELETE', `/api/v1/nodes/?ids=${a.id},%20${b.id}`);

    expect(res.status).toBe(200);
    expect(res.body).toMatchObject({
      name: 'node_deletion',
      status: 'ready',
      progress: 100,
      message: 'Successfully removed 2 node(s). No errors occurred',
      cluster: null,
    });
    expect(await exists(a.id)).toBe(false);
    expect(await exists(b.id)).toBe(false);
    const nics = await api.db.query('SELECT 1 FROM node_nic_interfaces WHERE node_id = ANY($1)', [
      [a.id, b.id],
    ]);
    expect(nics.rows).toHaveLength(0);
    const notes = await api.db.query<{ topic: string; message: string }>(
      'SELECT topic, message FROM notifications WHERE task_id = $1',
      [res.body.id],
    );
    expect(notes.rows).toEqual([{ topic: 'done', message: 'Successfully removed 2 node(s)' }]);
  });

  it('deletes one node by its URL', async () => {
    const node = await registerNode();

    const res = await api.request('DELETE', `/api/v1/nodes/${node.id}/`);

    expect(res.status).toBe(200);
    expect(res.body.message).toBe('Successfully removed 1 node(s). No errors occurred');
    expect(await exists(node.id)).toBe(false);
  });

  it.each(['?ids=1,x', '?ids=', ''])('refuses the id list %j', async (query) => {
    const res = await api.request('DELETE', `/api/v1/nodes/${query}`);

    expect(res.status).toBe(400);
    expect(res.body.message).toBe('Comma-separated numbers list expected');
  });

  it('answers 404 and deletes nothing when some node does not exist', async () => {
    const node = await registerNode();

    const res = await api.request('DELETE', `/api/v1/nodes/?ids=${node.id},999996`);
    const single = await api.request('DELETE', '/api/v1/nodes/999996');

    expect(res.status).toBe(404);
    expect(single.status).toBe(404);
    expect(await exists(node.id)).toBe(true);
  });

  it('refuses free nodes mixed with nodes of an environment and deletes nothing', async () => {
    const clusterId = await createCluster();
    const inside = await registerNode({ cluster_id: clusterId });
    const outside = await registerNode();

    const res = await api.request('DELETE', `/api/v1/nodes/?ids=${outside.id},${inside.id}`);

    expect(res.status).toBe(400);
    expect(res.body.message).toBe(
      'Nodes to delete must all belong to the same environment, or to none',
    );
    expect(await exists(inside.id)).toBe(true);
    expect(await exists(outside.id)).toBe(true);
  });
});

describe('the OpenAPI document', () => {
  it('describes the node routes and their schemas', async () => {
    const res = await api.request('GET', '/api/openapi.json');

    expect(res.status).toBe(200);
    expect(Object.keys(res.body.paths)).toEqual(
      expect.arrayContaining(['/api/v1/nodes', '/api/v1/nodes/{node_id}', '/api/v1/nodes/agent']),
    );
    expect(Object.keys(res.body.components.schemas)).toEqual(
      expect.arrayContaining(['Node', 'NodeUpdate', 'AgentPayload', 'OffloadingMode']),
    );
  });
});
