import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestApi, type TestApi } from '../support/api.js';

let api: TestApi;
let macCounter = 0;

beforeAll(async () => {
  api = await startTestApi();
});

afterAll(async () => {
  await api.close();
});

/** A MAC no other test of this file uses: 52:54:00:aa:xx:yy. */
function nextMac(): string {
  macCounter += 1;
  const hex = macCounter.toString(16).padStart(4, '0');
  return `52:54:00:aa:${hex.slice(0, 2)}:${hex.slice(2)}`;
}

/** What a bare-metal agent sends (reference §4.4): two NICs, two disks, full hardware. */
function fullPayload(mac = nextMac(), second = nextMac()) {
  return {
    mac: mac.toUpperCase(),
    ip: '10.20.0.5',
    os_platform: 'ubuntu',
    manufacturer: 'Supermicro',
    platform_name: 'X9DRW',
    status: 'discover',
    is_agent: true,
    agent_checksum: `sum-${mac}`,
    meta: {
      system: { manufacturer: 'Supermicro', serial: 'S1', product: 'X9DRW', fqdn: 'bootstrap' },
      interfaces: [
        {
          name: 'eth0',
          mac,
          state: 'up',
          pxe: true,
          ip: '10.20.0.5',
          netmask: '255.255.255.0',
          driver: 'igb',
          bus_info: '0000:01:00.0',
          max_speed: 1000,
          current_speed: 1000,
          offloading_modes: [
            {
              name: 'tx-checksumming',
              state: null,
              sub: [{ name: 'tx-ipv4', state: true, sub: [] }],
            },
          ],
          interface_properties: { sriov: { sriov_totalvfs: 0, available: false, pci_id: '' } },
        },
        {
          name: 'eth1',
          mac: second,
          state: 'down',
          driver: 'igb',
          bus_info: '0000:01:00.1',
          max_speed: 10000,
          current_speed: null,
        },
      ],
      cpu: {
        total: 24,
        real: 2,
        spec: [{ model: 'Intel(R) Xeon(R) CPU E5-2620', frequency: 2001 }],
      },
      disks: [
        { name: 'sda', model: 'TOSHIBA MK1002TS', size: 1_000_204_886_016, disk: 'disk/by-path/a' },
        {
          name: 'sdb',
          model: null,
          size: 1_000_204_886_016,
          disk: 'disk/by-path/b',
          removable: '0',
        },
      ],
      memory: { total: 137_438_953_472, maximum_capacity: 274_877_906_944, slots: 16 },
      numa_topology: {
        numa_nodes: [{ id: 0, cpus: [0, 1], memory: 6745 }],
        supported_hugepages: [2048, 1048576],
        distances: [['1.0']],
      },
      pci_devices: {},
    },
  };
}

/** What an agent in a VM or container sends: nulls where hardware facts are missing. */
function vmPayload(mac = nextMac()) {
  return {
    mac,
    ip: '10.20.0.6',
    manufacturer: 'kvm',
    platform_name: null,
    os_platform: 'ubuntu',
    status: 'discover',
    is_agent: true,
    meta: {
      interfaces: [
        {
          name: 'ens3',
          mac,
          ip: null,
          netmask: null,
          max_speed: null,
          current_speed: null,
          vendor: 'x',
        },
      ],
      cpu: { total: 2, real: 1, spec: [] },
      memory: { total: null },
      numa_topology: null,
      system: { virtual: true },
      extra_key: { anything: [1, 2, 3] },
    },
  };
}

async function register(payload: object) {
  return api.request('POST', '/api/nodes/', { token: null, body: payload });
}

async function nodeCount(): Promise<number> {
  const { rows } = await api.db.query<{ n: number }>('SELECT count(*)::int AS n FROM nodes');
  return rows[0]?.n ?? 0;
}

async function nicsOf(nodeId: number) {
  const { rows } = await api.db.query<{
    id: number;
    name: string;
    mac: string;
    pxe: boolean;
    max_speed: number | null;
    current_speed: number | null;
    ip_addr: string | null;
  }>(
    `SELECT id, name, mac::text AS mac, pxe, max_speed, current_speed, host(ip_addr) AS ip_addr
     FROM node_nic_interfaces WHERE node_id = $1 ORDER BY name`,
    [nodeId],
  );
  return rows;
}

async function notificationsOf(nodeId: number) {
  const { rows } = await api.db.query<{ topic: string; message: string }>(
    'SELECT topic, message FROM notifications WHERE node_id = $1 ORDER BY id',
    [nodeId],
  );
  return rows;
}

describe('POST /nodes (agent registration)', () => {
  it('registers a bare-metal node with its NICs and a hardware summary', async () => {
    const payload = fullPayload();
    const mac = payload.meta.interfaces[0]?.mac ?? '';

    const res = await register(payload);

    expect(res.status).toBe(201);
    const id = res.body.id as number;
    expect(res.body).toMatchObject({
      name: `Untitled (${mac.slice(-5)})`,
      mac,
      ip: '10.20.0.5',
      status: 'discover',
      online: true,
      cluster: null,
      hostname: `node-${id}`,
      fqdn: `node-${id}.domain.tld`,
      roles: [],
      pending_roles: [],
      pending_addition: false,
      pending_deletion: false,
      labels: {},
      manufacturer: 'Supermicro',
      platform_name: 'X9DRW',
      os_platform: 'ubuntu',
      network_data: [],
      error_type: null,
      progress: 0,
      group_id: null,
      kernel_params: null,
    });
    expect(res.body.meta.pci_devices).toEqual({});
    expect(res.body.meta.numa_topology.supported_hugepages).toEqual([2048, 1048576]);
    const nics = await nicsOf(id);
    expect(nics.map((n) => [n.name, n.pxe, n.max_speed, n.current_speed])).toEqual([
      ['eth0', true, 1000, 1000],
      ['eth1', false, 10000, null],
    ]);
    expect(await notificationsOf(id)).toEqual([
      { topic: 'discover', message: 'New node is discovered: 24 CPUs / 128.0 GB RAM / 2.0 TB HDD' },
    ]);
  });

  it('accepts what an agent in a VM sends and keeps unknown keys in meta', async () => {
    const payload = vmPayload();

    const res = await register(payload);

    expect(res.status).toBe(201);
    expect(res.body.meta.extra_key).toEqual({ anything: [1, 2, 3] });
    expect(res.body.meta.numa_topology).toBeNull();
    expect(res.body.meta.interfaces[0].vendor).toBe('x');
    expect(res.body.platform_name).toBeNull();
    const nics = await nicsOf(res.body.id);
    expect(nics).toMatchObject([{ name: 'ens3', pxe: true, ip_addr: null, max_speed: null }]);
    expect(await notificationsOf(res.body.id)).toEqual([
      { topic: 'discover', message: 'New node is discovered: 2 CPUs' },
    ]);
  });

  it('stores an upper-case dash-separated MAC in lower-case colon form', async () => {
    const mac = nextMac();
    const payload = { ...vmPayload(mac), mac: mac.toUpperCase().replaceAll(':', '-') };

    const res = await register(payload);

    expect(res.status).toBe(201);
    expect(res.body.mac).toBe(mac);
    expect(res.body.name).toBe(`Untitled (${mac.slice(-5)})`);
  });

  it('treats a payload without status as a discovered node', async () => {
    const { status: _omitted, ...payload } = vmPayload();

    const res = await register(payload);

    expect(res.status).toBe(201);
    expect(res.body.status).toBe('discover');
  });

  it('records the contact time from the clock and a given name', async () => {
    api.clock.now = new Date('2024-03-01T10:00:00Z');

    const res = await register({ ...vmPayload(), name: 'rack1-u12' });
    api.clock.now = undefined;

    expect(res.body.name).toBe('rack1-u12');
    const { rows } = await api.db.query<{ last_contact_at: Date }>(
      'SELECT last_contact_at FROM nodes WHERE id = $1',
      [res.body.id],
    );
    expect(rows[0]?.last_contact_at.toISOString()).toBe('2024-03-01T10:00:00.000Z');
  });

  it('drops interfaces without name or MAC and normalizes odd speeds', async () => {
    const mac = nextMac();
    const payload = vmPayload(mac);
    payload.meta.interfaces = [
      { name: 'eth0', mac, max_speed: -100, current_speed: 10.5 } as never,
      { name: 'eth1', mac: nextMac(), max_speed: '100', current_speed: 100 } as never,
      { mac: nextMac() } as never,
      { name: 'eth3' } as never,
    ];

    const res = await register(payload);

    expect(res.status).toBe(201);
    expect(res.body.meta.interfaces).toHaveLength(2);
    const nics = await nicsOf(res.body.id);
    expect(nics.map((n) => [n.name, n.max_speed, n.current_speed])).toEqual([
      ['eth0', null, null],
      ['eth1', null, 100],
    ]);
  });

  it('puts the node into the environment named by cluster_id', async () => {
    const { rows } = await api.db.query<{ id: number }>(
      `INSERT INTO clusters (name, release_id, fuel_version) VALUES ('env-agent', 1, '10.0')
       RETURNING id`,
    );
    const clusterId = rows[0]?.id;

    const res = await register({ ...vmPayload(), cluster_id: clusterId });

    expect(res.status).toBe(201);
    expect(res.body.cluster).toBe(clusterId);
    const changes = await api.db.query('SELECT name FROM cluster_changes WHERE node_id = $1', [
      res.body.id,
    ]);
    expect(changes.rows).toHaveLength(2);
  });

  it('refuses nodes that are not in bootstrap with 403', async () => {
    const before = await nodeCount();

    const res = await register({ ...vmPayload(), status: 'ready' });

    expect(res.status).toBe(403);
    expect(res.body.message).toBe('Only bootstrap nodes are allowed to be registered.');
    expect(await nodeCount()).toBe(before);
  });

  it('refuses a payload without MAC', async () => {
    const { mac: _omitted, ...payload } = vmPayload();

    const res = await register(payload);

    expect(res.status).toBe(400);
    expect(res.body.message).toBe('No mac address specified');
  });

  it('refuses meta without interfaces', async () => {
    const res = await register({ mac: nextMac(), meta: { cpu: { total: 1 } } });

    expect(res.status).toBe(400);
    expect(res.body.message).toBe('Failed to discover node: invalid interfaces info');
  });

  it.each([
    ['mac', { mac: 'not-a-mac' }],
    ['id', { id: 'seven' }],
    ['id', { id: 1.5 }],
    ['meta', { meta: 'cpu' }],
    ['cluster_id', { cluster_id: 'one' }],
    ['ip', { ip: '10.20.0.999' }],
    ['status', { status: 'sleeping' }],
    ['meta.memory.total', { meta: { interfaces: [], memory: { total: '1 GB' } } }],
    ['meta.interfaces.0.mac', { meta: { interfaces: [{ name: 'eth0', mac: 'zz' }] } }],
    ['meta.cpu.total', { meta: { interfaces: [], cpu: { total: 2.5 } } }],
    [
      'meta.interfaces.0.offloading_modes.0.sub.0.state',
      {
        meta: {
          interfaces: [
            { name: 'e', mac: '52:54:00:ff:00:01', offloading_modes: [{ sub: [{ state: 'on' }] }] },
          ],
        },
      },
    ],
  ])('refuses a wrong type of %s with 400 naming it', async (field, patch) => {
    const before = await nodeCount();

    const res = await register({ ...vmPayload(), ...patch });

    expect(res.status).toBe(400);
    expect(res.body.message.startsWith(`${field}:`)).toBe(true);
    expect(await nodeCount()).toBe(before);
  });

  it('refuses malformed and empty bodies', async () => {
    const malformed = await api.request('POST', '/api/nodes', { token: null, rawBody: '{"mac":' });
    const empty = await api.request('POST', '/api/nodes', { token: null, rawBody: '' });

    expect(malformed.status).toBe(400);
    expect(malformed.body.message).toBe('Invalid json received');
    expect(empty.status).toBe(400);
    expect(empty.body.message).toBe('Empty request received');
  });

  it('answers 409 for a known node MAC and changes nothing', async () => {
    const payload = vmPayload();
    await register(payload);
    const before = await nodeCount();

    const res = await register({ ...payload, mac: payload.mac.toUpperCase() });

    expect(res.status).toBe(409);
    expect(res.body.message).toBe(
      `Node with mac ${payload.mac.toUpperCase()} already exists - doing nothing`,
    );
    expect(await nodeCount()).toBe(before);
  });

  it('answers 409 when the MAC is a NIC of another node', async () => {
    const payload = fullPayload();
    await register(payload);
    const secondNic = payload.meta.interfaces[1]?.mac ?? '';

    const res = await register(vmPayload(secondNic));

    expect(res.status).toBe(409);
  });

  it('answers 409 when one of its interfaces is a known NIC', async () => {
    const payload = fullPayload();
    await register(payload);
    const other = vmPayload();
    other.meta.interfaces.push({ name: 'eth9', mac: payload.meta.interfaces[1]?.mac } as never);

    const res = await register(other);

    expect(res.status).toBe(409);
    expect(res.body.message).toBe(`Node with mac ${other.mac} already exists - doing nothing`);
  });

  it('refuses callers outside the agent networks without a site credential', async () => {
    api.clientAddress.value = '203.0.113.9';

    const res = await register(vmPayload());
    api.clientAddress.value = '127.0.0.1';

    expect(res.status).toBe(403);
  });
});

describe('PUT /nodes/agent (agent check-in)', () => {
  async function checkIn(payload: object) {
    return api.request('PUT', '/api/nodes/agent/', { token: null, body: payload });
  }

  async function nodeRow(id: number) {
    const { rows } = await api.db.query<{
      status: string;
      online: boolean;
      meta: Record<string, unknown>;
      agent_checksum: string | null;
      last_contact_at: Date;
      ip: string | null;
      manufacturer: string | null;
    }>(
      `SELECT status, online, meta, agent_checksum, last_contact_at, host(ip) AS ip, manufacturer
       FROM nodes WHERE id = $1`,
      [id],
    );
    const row = rows[0];
    if (!row) throw new Error(`node ${id} missing`);
    return row;
  }

  it('answers 400 for an unknown MAC, so the agent registers', async () => {
    const res = await checkIn(vmPayload());

    expect(res.status).toBe(400);
    expect(res.body.message).toBe('Invalid MAC is specified');
  });

  it('answers 400 for an unknown id', async () => {
    const res = await checkIn({ ...vmPayload(), id: 999_999 });

    expect(res.status).toBe(400);
    expect(res.body.message).toBe('Invalid ID specified');
  });

  it('answers 400 when neither MAC nor id is given', async () => {
    const res = await checkIn({ meta: {} });

    expect(res.status).toBe(400);
    expect(res.body.message).toBe('Neither MAC nor ID is specified');
  });

  it('finds the node by id, by MAC in any spelling and by an interface MAC', async () => {
    const payload = fullPayload();
    const created = await register(payload);
    const secondNic = payload.meta.interfaces[1]?.mac ?? '';

    const byId = await checkIn({ id: created.body.id });
    const byMac = await checkIn({ mac: payload.mac.replaceAll(':', '-') });
    const byNic = await checkIn({
      mac: nextMac(),
      meta: { interfaces: [{ name: 'x', mac: secondNic }] },
    });

    expect(byId.body).toEqual({ id: created.body.id });
    expect(byMac.body).toEqual({ id: created.body.id });
    expect(byNic.body).toEqual({ id: created.body.id });
  });

  it('answers cached and touches only the contact time when the checksum is unchanged', async () => {
    const payload = fullPayload();
    const created = await register(payload);
    api.clock.now = new Date('2030-01-01T00:00:00Z');

    const res = await checkIn({ ...payload, manufacturer: 'Other', meta: { interfaces: [] } });
    api.clock.now = undefined;

    expect(res.status).toBe(200);
    expect(res.body).toEqual({ id: created.body.id, cached: true });
    const row = await nodeRow(created.body.id);
    expect(row.manufacturer).toBe('Supermicro');
    expect(row.last_contact_at.toISOString()).toBe('2030-01-01T00:00:00.000Z');
  });

  it('applies a changed report: meta, vendor facts, checksum and NICs', async () => {
    const payload = fullPayload();
    const created = await register(payload);
    const id = created.body.id as number;
    const [eth0Before] = await nicsOf(id);
    const thirdMac = nextMac();
    const changed = structuredClone(payload);
    changed.agent_checksum = 'changed';
    changed.manufacturer = 'Dell';
    changed.meta.interfaces = [
      { ...changed.meta.interfaces[0], current_speed: 100 } as never,
      { name: 'eth2', mac: thirdMac, max_speed: 1000 } as never,
    ];

    const res = await checkIn(changed);

    expect(res.body).toEqual({ id });
    const row = await nodeRow(id);
    expect(row.agent_checksum).toBe('changed');
    expect(row.manufacturer).toBe('Dell');
    const nics = await nicsOf(id);
    expect(nics.map((n) => [n.name, n.mac, n.current_speed])).toEqual([
      ['eth0', payload.meta.interfaces[0]?.mac, 100],
      ['eth2', thirdMac, null],
    ]);
    expect(nics[0]?.id).toBe(eth0Before?.id);
  });

  it('keeps known disks when the agent reports none', async () => {
    const payload = fullPayload();
    const created = await register(payload);

    await checkIn({ ...payload, agent_checksum: 'x1', meta: { ...payload.meta, disks: [] } });
    const { disks: _omitted, ...withoutDisks } = payload.meta;
    await checkIn({ ...payload, agent_checksum: 'x2', meta: withoutDisks });

    const row = await nodeRow(created.body.id);
    expect(row.meta.disks).toEqual(payload.meta.disks);
  });

  it('freezes disks, NICs, address and discover status once provisioning started', async () => {
    const payload = fullPayload();
    const created = await register(payload);
    const id = created.body.id as number;
    await api.db.query("UPDATE nodes SET status = 'provisioning' WHERE id = $1", [id]);
    const changed = structuredClone(payload);
    changed.agent_checksum = 'after-provisioning';
    changed.ip = '10.20.0.77';
    changed.meta.disks = [{ name: 'vda', model: null, size: 1, disk: 'vda' } as never];
    changed.meta.interfaces = [changed.meta.interfaces[0] as never];

    const res = await checkIn(changed);

    expect(res.status).toBe(200);
    const row = await nodeRow(id);
    expect(row.status).toBe('provisioning');
    expect(row.ip).toBe('10.20.0.5');
    expect(row.meta.disks).toEqual(payload.meta.disks);
    expect(await nicsOf(id)).toHaveLength(2);
  });

  it('updates NICs of a node in error after a discovery problem, not after a deploy error', async () => {
    const discoverError = fullPayload();
    const deployError = fullPayload();
    const a = await register(discoverError);
    const b = await register(deployError);
    await api.db.query("UPDATE nodes SET status = 'error', error_type = 'discover' WHERE id = $1", [
      a.body.id,
    ]);
    await api.db.query("UPDATE nodes SET status = 'error', error_type = 'deploy' WHERE id = $1", [
      b.body.id,
    ]);

    for (const p of [discoverError, deployError]) {
      await checkIn({
        ...p,
        agent_checksum: 'new',
        meta: { ...p.meta, interfaces: [p.meta.interfaces[0]] },
      });
    }

    expect(await nicsOf(a.body.id)).toHaveLength(1);
    expect(await nicsOf(b.body.id)).toHaveLength(2);
    expect((await nodeRow(a.body.id)).status).toBe('error');
    expect((await nodeRow(b.body.id)).status).toBe('error');
  });

  it('keeps a NIC that has networks assigned when the agent stops reporting it', async () => {
    const payload = fullPayload();
    const created = await register(payload);
    const id = created.body.id as number;
    const { rows } = await api.db.query<{ id: number }>(
      `INSERT INTO network_groups (name, cidr) VALUES ('storage-agent-test', '192.168.1.0/24')
       RETURNING id`,
    );
    const eth1 = (await nicsOf(id)).find((n) => n.name === 'eth1');
    await api.db.query(
      'INSERT INTO nic_network_assignments (interface_id, network_id) VALUES ($1, $2)',
      [eth1?.id, rows[0]?.id],
    );

    const res = await checkIn({
      ...payload,
      agent_checksum: 'lost-eth1',
      meta: { ...payload.meta, interfaces: [payload.meta.interfaces[0]] },
    });

    expect(res.status).toBe(200);
    expect((await nicsOf(id)).map((n) => n.name)).toEqual(['eth0', 'eth1']);
  });

  it('brings an offline node back online with a notification', async () => {
    const payload = vmPayload();
    const created = await register(payload);
    const id = created.body.id as number;
    await api.db.query("UPDATE nodes SET online = false, name = 'rack-7' WHERE id = $1", [id]);

    const res = await checkIn({ mac: payload.mac });

    expect(res.body).toEqual({ id });
    expect((await nodeRow(id)).online).toBe(true);
    expect((await notificationsOf(id)).at(-1)).toEqual({
      topic: 'discover',
      message: "Node 'rack-7' is back online",
    });
  });

  it('does not notify when an online node checks in', async () => {
    const payload = vmPayload();
    const created = await register(payload);

    await checkIn({ mac: payload.mac });

    expect(await notificationsOf(created.body.id)).toHaveLength(1);
  });

  it('refuses wrong types with 400 naming the field and changes nothing', async () => {
    const payload = vmPayload();
    const created = await register(payload);

    const res = await checkIn({ mac: payload.mac, meta: { interfaces: 'eth0' } });

    expect(res.status).toBe(400);
    expect(res.body.message.startsWith('meta.interfaces:')).toBe(true);
    expect((await nodeRow(created.body.id)).meta).toEqual(created.body.meta);
  });
});
