import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestApi, type TestApi } from '../support/api.js';

let api: TestApi;
let adminId: number;
let counter = 0;

interface Env {
  clusterId: number;
  nets: Record<'public' | 'management' | 'storage' | 'private', number>;
}

interface NodeSpec {
  clusterId?: number | null;
  status?: string;
  errorType?: string | null;
  roles?: string[];
  pendingRoles?: string[];
  nics?: number;
  /** Index of the NIC flagged pxe; null flags none. */
  pxe?: number | null;
  /** Index of the NIC whose MAC is the node's. */
  macOf?: number;
}

interface TestNode {
  id: number;
  nics: number[];
}

const hex = (value: number) => value.toString(16).padStart(2, '0');
const mac = (n: number, nic: number) => `52:54:${hex(n >> 8)}:${hex(n & 255)}:00:${hex(nic)}`;

/** An environment with a default node group and the four networks of a Neutron VLAN setup. */
async function createEnv(): Promise<Env> {
  counter += 1;
  const { rows } = await api.db.query<{ id: number }>(
    `INSERT INTO clusters (name, release_id, fuel_version) VALUES ($1, 1, '10.0') RETURNING id`,
    [`nic-env-${counter}`],
  );
  const clusterId = rows[0]?.id ?? 0;
  const group = await api.db.query<{ id: number }>(
    `INSERT INTO nodegroups (cluster_id, name, is_default)
     VALUES ($1, 'default', true) RETURNING id`,
    [clusterId],
  );
  const groupId = group.rows[0]?.id;
  const net = async (name: string, vlan: number | null, meta: object) => {
    const { rows: r } = await api.db.query<{ id: number }>(
      `INSERT INTO network_groups (name, cluster_id, group_id, vlan_start, meta)
       VALUES ($1, $2, $3, $4, $5) RETURNING id`,
      [name, clusterId, groupId, vlan, JSON.stringify(meta)],
    );
    return r[0]?.id ?? 0;
  };
  return {
    clusterId,
    nets: {
      public: await net('public', null, { map_priority: 1 }),
      management: await net('management', 101, { map_priority: 2 }),
      storage: await net('storage', 102, { map_priority: 2 }),
      private: await net('private', null, { map_priority: 2, neutron_vlan_range: true }),
    },
  };
}

async function createNode(spec: NodeSpec = {}): Promise<TestNode> {
  counter += 1;
  const n = counter;
  const nicCount = spec.nics ?? 2;
  const pxe = spec.pxe === undefined ? 0 : spec.pxe;
  const { rows } = await api.db.query<{ id: number }>(
    `INSERT INTO nodes (name, mac, cluster_id, status, error_type, roles, pending_roles)
     VALUES ($1, $2, $3, $4, $5, $6, $7) RETURNING id`,
    [
      `node ${n}`,
      mac(n, spec.macOf ?? 0),
      spec.clusterId ?? null,
      spec.status ?? 'discover',
      spec.errorType ?? null,
      spec.roles ?? [],
      spec.pendingRoles ?? [],
    ],
  );
  const id = rows[0]?.id ?? 0;
  const nics: number[] = [];
  for (let i = 0; i < nicCount; i += 1) {
    const nic = await api.db.query<{ id: number }>(
      `INSERT INTO node_nic_interfaces (node_id, name, mac, state, driver, bus_info, max_speed,
         current_speed, pxe, offloading_modes, interface_properties)
       VALUES ($1, $2, $3, 'up', 'e1000', $4, 1000, 1000, $5, '[]', '{"numa_node": 0}')
       RETURNING id`,
      [id, `eth${i}`, mac(n, i), `0000:00:0${i}.0`, pxe === i],
    );
    nics.push(nic.rows[0]?.id ?? 0);
  }
  return { id, nics };
}

/** The assignment of a NIC list as `{eth0: ['fuelweb_admin', ...]}`. */
function layout(body: { name: string; assigned_networks: { name: string }[] }[]) {
  return Object.fromEntries(
    body.map((nic) => [nic.name, nic.assigned_networks.map((n) => n.name)]),
  );
}

async function storedRows(nodeId: number) {
  const { rows } = await api.db.query<{ interface_id: number; network_id: number }>(
    `SELECT a.interface_id, a.network_id FROM nic_network_assignments a
     JOIN node_nic_interfaces i ON i.id = a.interface_id WHERE i.node_id = $1
     ORDER BY a.interface_id, a.network_id`,
    [nodeId],
  );
  return rows;
}

async function changes(clusterId: number) {
  const { rows } = await api.db.query<{ name: string; node_id: number | null }>(
    'SELECT name, node_id FROM cluster_changes WHERE cluster_id = $1 ORDER BY id',
    [clusterId],
  );
  return rows;
}

/** A PUT body placing admin + tagged networks on eth0 and public (if any) on eth1. */
function standardBody(env: Env, node: TestNode, withPublic: boolean) {
  return [
    {
      id: node.nics[0],
      type: 'ether',
      assigned_networks: [
        { id: adminId, name: 'fuelweb_admin' },
        { id: env.nets.management },
        { id: env.nets.storage },
        { id: env.nets.private },
      ],
    },
    { id: node.nics[1], assigned_networks: withPublic ? [{ id: env.nets.public }] : [] },
  ];
}

beforeAll(async () => {
  api = await startTestApi();
  await api.db.query(
    `INSERT INTO network_groups (name, cluster_id, cidr, meta)
     VALUES ('fuelweb_admin', NULL, '10.20.0.0/24', '{"map_priority": 0}') ON CONFLICT DO NOTHING`,
  );
  const { rows } = await api.db.query<{ id: number }>(
    "SELECT id FROM network_groups WHERE name = 'fuelweb_admin' AND cluster_id IS NULL",
  );
  adminId = rows[0]?.id ?? 0;
});
afterAll(() => api.close());

describe('GET /nodes/{id}/interfaces', () => {
  it('lists the NICs by name with every field Nailgun serializes', async () => {
    const node = await createNode({ nics: 2, pxe: 1 });

    const res = await api.request('GET', `/api/v1/nodes/${node.id}/interfaces/`);

    expect(res.status).toBe(200);
    expect(res.body).toHaveLength(2);
    expect(res.body[1]).toEqual({
      id: node.nics[1],
      name: 'eth1',
      type: 'ether',
      mac: mac(counter, 1),
      state: 'up',
      current_speed: 1000,
      max_speed: 1000,
      driver: 'e1000',
      bus_info: '0000:00:01.0',
      pxe: true,
      offloading_modes: [],
      interface_properties: { numa_node: 0 },
      meta: {},
      assigned_networks: [{ id: adminId, name: 'fuelweb_admin' }],
    });
    expect(res.body[0].assigned_networks).toEqual([]);
  });

  it('puts the admin network on the NIC with the node MAC when no NIC is flagged pxe', async () => {
    const node = await createNode({ nics: 3, pxe: null, macOf: 2 });

    const res = await api.request('GET', `/api/v1/nodes/${node.id}/interfaces`);

    expect(layout(res.body)).toEqual({ eth0: [], eth1: [], eth2: ['fuelweb_admin'] });
  });

  it('proposes for a controller: public on the second NIC, the rest on the first', async () => {
    const env = await createEnv();
    const node = await createNode({ clusterId: env.clusterId, pendingRoles: ['controller'] });

    const res = await api.request('GET', `/api/v1/nodes/${node.id}/interfaces`);

    expect(res.status).toBe(200);
    expect(layout(res.body)).toEqual({
      eth0: ['fuelweb_admin', 'management', 'storage', 'private'],
      eth1: ['public'],
    });
  });

  it('leaves public out for a compute node, which needs no public network', async () => {
    const env = await createEnv();
    const node = await createNode({ clusterId: env.clusterId, roles: ['compute'] });

    const res = await api.request('GET', `/api/v1/nodes/${node.id}/interfaces`);

    expect(layout(res.body)).toEqual({
      eth0: ['fuelweb_admin', 'management', 'storage', 'private'],
      eth1: [],
    });
  });

  it('gives public to every node when the environment setting asks for it', async () => {
    const env = await createEnv();
    await api.db.query(
      `UPDATE clusters SET editable_attributes =
         '{"public_network_assignment": {"assign_to_all_nodes": {"value": true}}}' WHERE id = $1`,
      [env.clusterId],
    );
    const node = await createNode({ clusterId: env.clusterId, roles: ['compute'] });

    const res = await api.request('GET', `/api/v1/nodes/${node.id}/interfaces`);

    expect(layout(res.body).eth1).toEqual(['public']);
  });

  it('places every network on the only NIC of a single-NIC node', async () => {
    const env = await createEnv();
    const node = await createNode({ clusterId: env.clusterId, roles: ['controller'], nics: 1 });

    const res = await api.request('GET', `/api/v1/nodes/${node.id}/interfaces`);

    expect(layout(res.body)).toEqual({
      eth0: ['fuelweb_admin', 'management', 'storage', 'private', 'public'],
    });
  });

  it('answers a complete stored assignment, and the default when it is incomplete', async () => {
    const env = await createEnv();
    const node = await createNode({ clusterId: env.clusterId, roles: ['compute'] });
    const [eth0, eth1] = node.nics;
    await api.db.query(
      `INSERT INTO nic_network_assignments (interface_id, network_id) VALUES
       ($1, $3), ($1, $4), ($2, $5), ($2, $6)`,
      [eth0, eth1, adminId, env.nets.management, env.nets.storage, env.nets.private],
    );

    const stored = await api.request('GET', `/api/v1/nodes/${node.id}/interfaces`);
    await api.db.query('DELETE FROM nic_network_assignments WHERE network_id = $1', [
      env.nets.private,
    ]);
    const incomplete = await api.request('GET', `/api/v1/nodes/${node.id}/interfaces`);

    expect(layout(stored.body)).toEqual({
      eth0: ['fuelweb_admin', 'management'],
      eth1: ['storage', 'private'],
    });
    expect(layout(incomplete.body).eth0).toEqual([
      'fuelweb_admin',
      'management',
      'storage',
      'private',
    ]);
  });

  it('answers 404 for an unknown node', async () => {
    const res = await api.request('GET', '/api/v1/nodes/999999/interfaces');
    const huge = await api.request('GET', '/api/v1/nodes/99999999999/interfaces');

    expect(res.status).toBe(404);
    expect(res.body).toEqual({ message: 'Node not found', errors: [] });
    expect(huge.status).toBe(404);
  });
});

describe('GET /nodes/{id}/interfaces/default_assignment', () => {
  it('answers the default even when another assignment is stored', async () => {
    const env = await createEnv();
    const node = await createNode({ clusterId: env.clusterId, roles: ['controller'] });
    await api.request('PUT', `/api/v1/nodes/${node.id}/interfaces`, {
      body: [
        {
          id: node.nics[0],
          assigned_networks: [{ id: adminId }, { id: env.nets.management }],
        },
        {
          id: node.nics[1],
          assigned_networks: [
            { id: env.nets.public },
            { id: env.nets.storage },
            { id: env.nets.private },
          ],
        },
      ],
    });

    const res = await api.request('GET', `/api/v1/nodes/${node.id}/interfaces/default_assignment`);
    const current = await api.request('GET', `/api/v1/nodes/${node.id}/interfaces`);

    expect(res.status).toBe(200);
    expect(layout(res.body)).toEqual({
      eth0: ['fuelweb_admin', 'management', 'storage', 'private'],
      eth1: ['public'],
    });
    expect(layout(current.body).eth1).toEqual(['public', 'storage', 'private']);
  });

  it('answers 404 for an unknown node', async () => {
    const res = await api.request('GET', '/api/v1/nodes/999999/interfaces/default_assignment');

    expect(res.status).toBe(404);
  });
});

describe('GET /nodes/interfaces/default_assignment', () => {
  it('lists the default NICs of the nodes of one environment', async () => {
    const env = await createEnv();
    const first = await createNode({ clusterId: env.clusterId, roles: ['controller'] });
    const second = await createNode({ clusterId: env.clusterId, roles: ['compute'] });
    await createNode();

    const res = await api.request(
      'GET',
      `/api/v1/nodes/interfaces/default_assignment?cluster_id=${env.clusterId}`,
    );

    expect(res.status).toBe(200);
    expect(res.body.map((nics: { id: number }[]) => nics[0]?.id)).toEqual([
      first.nics[0],
      second.nics[0],
    ]);
  });

  it('refuses an environment id that is not a number', async () => {
    const res = await api.request(
      'GET',
      '/api/v1/nodes/interfaces/default_assignment?cluster_id=x',
    );

    expect(res.status).toBe(400);
  });
});

describe('PUT /nodes/{id}/interfaces', () => {
  it('stores the assignment, answers it and records the pending change once', async () => {
    const env = await createEnv();
    const node = await createNode({ clusterId: env.clusterId, roles: ['controller'] });
    const body = standardBody(env, node, true);
    const [eth0, eth1] = node.nics;

    const res = await api.request('PUT', `/api/v1/nodes/${node.id}/interfaces/`, { body });
    const again = await api.request('PUT', `/api/v1/nodes/${node.id}/interfaces/`, { body });

    expect(res.status).toBe(200);
    expect(again.status).toBe(200);
    expect(layout(res.body)).toEqual({
      eth0: ['fuelweb_admin', 'management', 'storage', 'private'],
      eth1: ['public'],
    });
    expect(res.body[0].assigned_networks[1]).toEqual({
      id: env.nets.management,
      name: 'management',
    });
    expect(await storedRows(node.id)).toHaveLength(5);
    expect(await storedRows(node.id)).toContainEqual({
      interface_id: eth1,
      network_id: env.nets.public,
    });
    expect(await storedRows(node.id)).toContainEqual({ interface_id: eth0, network_id: adminId });
    expect(await changes(env.clusterId)).toEqual([{ name: 'interfaces', node_id: node.id }]);
  });

  it('accepts the list it answered, sent back unchanged', async () => {
    const env = await createEnv();
    const node = await createNode({ clusterId: env.clusterId, roles: ['controller'], nics: 3 });
    const current = await api.request('GET', `/api/v1/nodes/${node.id}/interfaces`);

    const res = await api.request('PUT', `/api/v1/nodes/${node.id}/interfaces`, {
      body: current.body,
    });

    expect(res.status).toBe(200);
    expect(res.body).toEqual(current.body);
  });

  it('moves tagged networks to another NIC and GET answers the stored layout', async () => {
    const env = await createEnv();
    const node = await createNode({ clusterId: env.clusterId, roles: ['compute'] });

    const res = await api.request('PUT', `/api/v1/nodes/${node.id}/interfaces`, {
      body: [
        { id: node.nics[0], assigned_networks: [{ id: adminId }] },
        {
          id: node.nics[1],
          assigned_networks: [
            { id: env.nets.storage },
            { id: env.nets.management },
            { id: env.nets.private },
          ],
        },
      ],
    });
    const read = await api.request('GET', `/api/v1/nodes/${node.id}/interfaces`);

    expect(res.status).toBe(200);
    expect(layout(read.body)).toEqual({
      eth0: ['fuelweb_admin'],
      eth1: ['management', 'storage', 'private'],
    });
  });

  it.each([
    ['ready', null],
    ['stopped', null],
    ['error', 'deploy'],
    ['error', 'discover'],
  ])('accepts changes of a node in status %s (error type %s)', async (status, errorType) => {
    const env = await createEnv();
    const node = await createNode({
      clusterId: env.clusterId,
      roles: ['compute'],
      status,
      errorType,
    });

    const res = await api.request('PUT', `/api/v1/nodes/${node.id}/interfaces`, {
      body: standardBody(env, node, false),
    });

    expect(res.status).toBe(200);
  });

  it.each([
    ['provisioning', null],
    ['provisioned', null],
    ['deploying', null],
    ['error', 'provision'],
    ['error', null],
  ])('refuses changes of a node in status %s (error type %s)', async (status, errorType) => {
    const env = await createEnv();
    const node = await createNode({
      clusterId: env.clusterId,
      roles: ['compute'],
      status,
      errorType,
    });

    const res = await api.request('PUT', `/api/v1/nodes/${node.id}/interfaces`, {
      body: standardBody(env, node, false),
    });

    expect(res.status).toBe(400);
    expect(res.body.message).toBe(
      `Node '${node.id}': Interfaces configuration can't be changed after or during deployment.`,
    );
    expect(await storedRows(node.id)).toEqual([]);
    expect(await changes(env.clusterId)).toEqual([]);
  });

  it('refuses a node outside any environment', async () => {
    const node = await createNode();

    const res = await api.request('PUT', `/api/v1/nodes/${node.id}/interfaces`, {
      body: [{ id: node.nics[0], assigned_networks: [{ id: adminId, name: 'fuelweb_admin' }] }],
    });

    expect(res.status).toBe(400);
    expect(res.body.message).toBe(
      `Node '${node.id}': networks fuelweb_admin cannot be assigned as the node is not added to any cluster`,
    );
    expect(await storedRows(node.id)).toEqual([]);
  });

  describe('refuses an invalid assignment and changes nothing', () => {
    let env: Env;
    let node: TestNode;
    let other: TestNode;
    let before: unknown;

    beforeAll(async () => {
      env = await createEnv();
      node = await createNode({ clusterId: env.clusterId, roles: ['compute'] });
      other = await createNode({ clusterId: env.clusterId, roles: ['compute'] });
      await api.request('PUT', `/api/v1/nodes/${node.id}/interfaces`, {
        body: standardBody(env, node, false),
      });
      await api.db.query('DELETE FROM cluster_changes WHERE cluster_id = $1', [env.clusterId]);
      before = await storedRows(node.id);
    });

    const cases: [string, () => unknown, () => string][] = [
      [
        'an unknown NIC',
        () => [{ id: 987654, assigned_networks: [] }, ...standardBody(env, node, false)],
        () => `Node '${node.id}': there is no interface with ID '987654' in DB`,
      ],
      [
        'a NIC of another node',
        () => [{ ...standardBody(env, node, false)[0], id: other.nics[0] }],
        () => `Node '${node.id}': there is no interface with ID '${other.nics[0]}' in DB`,
      ],
      [
        'the same NIC twice',
        () => [...standardBody(env, node, false), { id: node.nics[0], assigned_networks: [] }],
        () => `Node '${node.id}': interface '${node.nics[0]}' is listed more than once`,
      ],
      [
        'the admin network on a non-pxe NIC',
        () => [
          { id: node.nics[0], assigned_networks: [{ id: env.nets.management }] },
          {
            id: node.nics[1],
            assigned_networks: [
              { id: adminId },
              { id: env.nets.storage },
              { id: env.nets.private },
            ],
          },
        ],
        () => `Node '${node.id}': admin network can not be assigned to non-pxe interface eth1`,
      ],
      [
        'a network of another environment',
        () => {
          const body = standardBody(env, node, false);
          body[1]?.assigned_networks.push({ id: 424242 });
          return body;
        },
        () =>
          `Node '${node.id}': networks with IDs '424242' cannot be used because they are not in node group 'default'`,
      ],
      [
        'public on a node that needs none',
        () => standardBody(env, node, true),
        () =>
          `Trying to assign public network to Node '${node.id}' which should not have public network`,
      ],
      [
        'a network left unassigned',
        () => {
          const body = standardBody(env, node, false);
          body[0]?.assigned_networks.pop();
          return body;
        },
        () => `Node '${node.id}': ${env.nets.private} network(s) are left unassigned`,
      ],
      [
        'a network on two NICs',
        () => {
          const body = standardBody(env, node, false);
          body[1]?.assigned_networks.push({ id: env.nets.storage });
          return body;
        },
        () =>
          `Node '${node.id}': there is a duplicated network '${env.nets.storage}' in assigned networks (second occurrence is in interface '${node.nics[1]}')`,
      ],
      [
        'a NIC without id',
        () => [{ assigned_networks: [] }],
        () => `Node '${node.id}': each HW interface must have ID`,
      ],
      [
        'a NIC without assigned_networks list',
        () => [{ id: node.nics[0], assigned_networks: 'all' }],
        () =>
          `Node '${node.id}', interface '${node.nics[0]}': there is no 'assigned_networks' list`,
      ],
      [
        'a network without id',
        () => [{ id: node.nics[0], assigned_networks: [{ name: 'storage' }] }],
        () =>
          `Node '${node.id}', interface '${node.nics[0]}': each assigned network should have ID`,
      ],
      [
        'a network that is not an object',
        () => [{ id: node.nics[0], assigned_networks: [7] }],
        () =>
          `Node '${node.id}', interface '${node.nics[0]}': each assigned network should be a dict`,
      ],
      [
        'a bond',
        () => [{ type: 'bond', name: 'bond0', assigned_networks: [] }],
        () => `Node '${node.id}': bond interfaces are not supported`,
      ],
      [
        'an unknown interface type',
        () => [{ id: node.nics[0], type: 'wifi', assigned_networks: [] }],
        () => `Node '${node.id}': unknown interface type`,
      ],
      [
        'an empty list',
        () => [],
        () =>
          `Node '${node.id}': ${adminId},${env.nets.management},${env.nets.storage},${env.nets.private} network(s) are left unassigned`,
      ],
    ];

    it.each(cases)('%s', async (_name, body, message) => {
      const res = await api.request('PUT', `/api/v1/nodes/${node.id}/interfaces`, { body: body() });

      expect(res.status).toBe(400);
      expect(res.body.message).toBe(message());
      expect(await storedRows(node.id)).toEqual(before);
      expect(await changes(env.clusterId)).toEqual([]);
    });

    it('two untagged networks on one NIC', async () => {
      const ctrl = await createNode({ clusterId: env.clusterId, roles: ['controller'] });
      const body = standardBody(env, ctrl, false);
      body[0]?.assigned_networks.push({ id: env.nets.public });

      const res = await api.request('PUT', `/api/v1/nodes/${ctrl.id}/interfaces`, { body });

      expect(res.status).toBe(400);
      expect(res.body.message).toBe(
        `Node '${ctrl.id}': untagged networks "fuelweb_admin", "public" are assigned to the same interface 'eth0'. You should assign them to different physical interfaces.`,
      );
      expect(await storedRows(ctrl.id)).toEqual([]);
    });

    it('malformed, empty and wrongly typed bodies', async () => {
      const url = `/api/v1/nodes/${node.id}/interfaces`;

      const broken = await api.request('PUT', url, { rawBody: '[{"id": ' });
      const empty = await api.request('PUT', url, { rawBody: '' });
      const object = await api.request('PUT', url, { body: { id: node.nics[0] } });
      const scalar = await api.request('PUT', url, { body: [5] });

      expect(broken.status).toBe(400);
      expect(broken.body.message).toBe('Invalid json received');
      expect(empty.body.message).toBe('Empty request received');
      expect(object.status).toBe(400);
      expect(scalar.status).toBe(400);
      expect(await storedRows(node.id)).toEqual(before);
    });
  });

  it('answers 404 for an unknown node', async () => {
    const res = await api.request('PUT', '/api/v1/nodes/999999/interfaces', {
      body: [{ id: 1, assigned_networks: [] }],
    });

    expect(res.status).toBe(404);
    expect(res.body.message).toBe('Node not found');
  });
});

describe('PUT /nodes/interfaces', () => {
  it('updates several nodes and answers each with its NICs', async () => {
    const env = await createEnv();
    const first = await createNode({ clusterId: env.clusterId, roles: ['compute'] });
    const second = await createNode({ clusterId: env.clusterId, roles: ['controller'] });

    const res = await api.request('PUT', '/api/v1/nodes/interfaces/', {
      body: [
        { id: first.id, interfaces: standardBody(env, first, false) },
        { id: second.id, interfaces: standardBody(env, second, true) },
      ],
    });

    expect(res.status).toBe(200);
    expect(res.body.map((n: { id: number }) => n.id)).toEqual([first.id, second.id]);
    expect(layout(res.body[1].interfaces).eth1).toEqual(['public']);
    expect(await storedRows(first.id)).toHaveLength(4);
    expect(await storedRows(second.id)).toHaveLength(5);
    expect(await changes(env.clusterId)).toEqual([
      { name: 'interfaces', node_id: first.id },
      { name: 'interfaces', node_id: second.id },
    ]);
  });

  it('changes no node when one of them is invalid', async () => {
    const env = await createEnv();
    const good = await createNode({ clusterId: env.clusterId, roles: ['compute'] });
    const bad = await createNode({ clusterId: env.clusterId, roles: ['compute'] });

    const res = await api.request('PUT', '/api/v1/nodes/interfaces', {
      body: [
        { id: good.id, interfaces: standardBody(env, good, false) },
        { id: bad.id, interfaces: standardBody(env, bad, true) },
      ],
    });

    expect(res.status).toBe(400);
    expect(res.body.message).toBe(
      `Trying to assign public network to Node '${bad.id}' which should not have public network`,
    );
    expect(await storedRows(good.id)).toEqual([]);
    expect(await changes(env.clusterId)).toEqual([]);
  });

  it.each([
    [
      'an unknown node',
      [{ id: 999999, interfaces: [] }],
      "There is no node with ID '999999' in DB",
    ],
    [
      'a node id that is not a number',
      [{ id: 'x', interfaces: [] }],
      "There is no node with ID 'x' in DB",
    ],
    ['a node without id', [{ interfaces: [] }], 'Each node should have ID'],
    ['a node without interfaces', [{ id: 1 }], "Node '1': there is no 'interfaces' list"],
    [
      'the same node twice',
      [
        { id: 1, interfaces: [] },
        { id: 1, interfaces: [] },
      ],
      "Node '1' is listed more than once",
    ],
  ])('refuses %s', async (_name, body, message) => {
    const res = await api.request('PUT', '/api/v1/nodes/interfaces', { body });

    expect(res.status).toBe(400);
    expect(res.body.message).toBe(message);
  });

  it('refuses a body that is not a list', async () => {
    const res = await api.request('PUT', '/api/v1/nodes/interfaces', { body: { id: 1 } });
    const broken = await api.request('PUT', '/api/v1/nodes/interfaces', { rawBody: '{' });

    expect(res.status).toBe(400);
    expect(broken.body.message).toBe('Invalid json received');
  });
});
