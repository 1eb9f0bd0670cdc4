import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestApi, type TestApi } from '../support/api.js';

let api: TestApi;
let counter = 0;

const GIB = 1024 ** 3;
/** Boot records, /boot and 64 MB of LVM metadata per volume group, reserved on each disk. */
const reserve = (volumeGroups: number) => 300 + 200 + 64 * volumeGroups;

interface NodeSpec {
  inCluster?: boolean;
  status?: string;
  roles?: string[];
  pendingRoles?: string[];
  disks?: unknown;
}

const twoDisks = [
  { name: 'sdb', size: 50 * GIB, disk: 'sdb', extra: [], removable: '0' },
  {
    name: 'sda',
    size: 100 * GIB,
    disk: 'disk/by-path/pci-0000:00:1f.2-ata-1',
    extra: ['disk/by-id/ata-DISK-A'],
    removable: '0',
    model: 'QEMU HARDDISK',
  },
];

async function createCluster(): Promise<number> {
  counter += 1;
  const { rows } = await api.db.query<{ id: number }>(
    `INSERT INTO clusters (name, release_id, fuel_version) VALUES ($1, 1, '10.0') RETURNING id`,
    [`disk-env-${counter}`],
  );
  return rows[0]?.id ?? 0;
}

async function createNode(spec: NodeSpec = {}): Promise<{ id: number; clusterId: number | null }> {
  counter += 1;
  const clusterId = spec.inCluster === false ? null : await createCluster();
  const hex = counter.toString(16).padStart(4, '0');
  const { rows } = await api.db.query<{ id: number }>(
    `INSERT INTO nodes (name, mac, cluster_id, status, roles, pending_roles, meta)
     VALUES ($1, $2, $3, $4, $5, $6, $7) RETURNING id`,
    [
      `node ${counter}`,
      `52:54:00:aa:${hex.slice(0, 2)}:${hex.slice(2)}`,
      clusterId,
      spec.status ?? 'discover',
      spec.roles ?? [],
      spec.pendingRoles ?? [],
      JSON.stringify({ disks: spec.disks ?? twoDisks, memory: { total: 8 * GIB } }),
    ],
  );
  return { id: rows[0]?.id ?? 0, clusterId };
}

/** A layout as `{diskName: {volume: size}}`. */
function sizes(body: { name: string; volumes: { name: string; size: number }[] }[]) {
  return Object.fromEntries(
    body.map((d) => [d.name, Object.fromEntries(d.volumes.map((v) => [v.name, v.size]))]),
  );
}

async function storedVolumes(nodeId: number): Promise<unknown> {
  const { rows } = await api.db.query<{ volumes: unknown }>(
    'SELECT volumes FROM nodes WHERE id = $1',
    [nodeId],
  );
  return rows[0]?.volumes;
}

async function changes(clusterId: number | null) {
  const { rows } = await api.db.query<{ name: string; node_id: number | null }>(
    'SELECT name, node_id FROM cluster_changes WHERE cluster_id = $1 ORDER BY id',
    [clusterId],
  );
  return rows;
}

beforeAll(async () => {
  api = await startTestApi();
});
afterAll(() => api.close());

describe('GET /nodes/{id}/disks', () => {
  it('proposes for a controller: os and image at their minimum, mysql the rest', async () => {
    const node = await createNode({ pendingRoles: ['controller'] });
    const sda = 100 * 1024 - reserve(3);
    const sdb = 50 * 1024 - reserve(3);

    const res = await api.request('GET', `/api/v1/nodes/${node.id}/disks/`);

    expect(res.status).toBe(200);
    expect(res.body[0]).toEqual({
      id: 'disk/by-path/pci-0000:00:1f.2-ata-1',
      name: 'sda',
      size: sda,
      bootable: true,
      extra: ['disk/by-id/ata-DISK-A'],
      volumes: [
        { name: 'os', size: 55296, type: 'vg' },
        { name: 'mysql', size: sda - 55296 - 5120, type: 'vg' },
        { name: 'image', size: 5120, type: 'vg' },
      ],
    });
    expect(res.body[1]).toMatchObject({ id: 'sdb', name: 'sdb', size: sdb, bootable: false });
    expect(sizes(res.body).sdb).toEqual({ os: 0, mysql: sdb, image: 0 });
  });

  it('gives a ceph-osd node whole disks for Ceph once the base system is placed', async () => {
    const node = await createNode({ roles: ['ceph-osd'] });

    const res = await api.request('GET', `/api/v1/nodes/${node.id}/disks`);

    expect(sizes(res.body)).toEqual({
      sda: { os: 55296, ceph: 0, cephjournal: 0 },
      sdb: { os: 0, ceph: 50 * 1024 - reserve(1), cephjournal: 0 },
    });
  });

  it('spreads the base system over the next disk when the first is too small', async () => {
    const node = await createNode({
      roles: ['base-os'],
      disks: [
        { name: 'vda', size: 40 * GIB },
        { name: 'vdb', size: 40 * GIB },
      ],
    });
    const usable = 40 * 1024 - reserve(1);

    const res = await api.request('GET', `/api/v1/nodes/${node.id}/disks`);

    expect(sizes(res.body)).toEqual({ vda: { os: usable }, vdb: { os: 55296 - usable } });
    expect(res.body[0].id).toBe('vda');
  });

  it('gives a node without roles the base system only', async () => {
    const node = await createNode();

    const res = await api.request('GET', `/api/v1/nodes/${node.id}/disks`);

    expect(sizes(res.body)).toEqual({ sda: { os: 55296 }, sdb: { os: 0 } });
  });

  it('shows the disks of a node outside any environment without volumes', async () => {
    const node = await createNode({ inCluster: false });

    const res = await api.request('GET', `/api/v1/nodes/${node.id}/disks`);

    expect(res.status).toBe(200);
    expect(res.body.map((d: { size: number }) => d.size)).toEqual([
      100 * 1024 - reserve(0),
      50 * 1024 - reserve(0),
    ]);
    expect(res.body.every((d: { volumes: unknown[] }) => d.volumes.length === 0)).toBe(true);
  });

  it('skips malformed disk entries and answers an empty list without disks', async () => {
    const odd = await createNode({
      disks: [{ name: 'sda' }, 'x', { size: 5 }, { name: 'sdc', size: 2 * GIB }],
    });
    const none = await createNode({ disks: 'none' });

    const oddRes = await api.request('GET', `/api/v1/nodes/${odd.id}/disks`);
    const noneRes = await api.request('GET', `/api/v1/nodes/${none.id}/disks`);

    expect(oddRes.body.map((d: { name: string }) => d.name)).toEqual(['sdc']);
    expect(noneRes.status).toBe(200);
    expect(noneRes.body).toEqual([]);
  });

  it('answers the default layout again once the node changes roles', async () => {
    const node = await createNode({ roles: ['compute'] });
    await api.request('PUT', `/api/v1/nodes/${node.id}/disks`, {
      body: [{ id: 'sdb', volumes: [{ name: 'vm', size: 1000 }] }],
    });
    await api.db.query("UPDATE nodes SET roles = '{cinder}' WHERE id = $1", [node.id]);

    const res = await api.request('GET', `/api/v1/nodes/${node.id}/disks`);

    expect(Object.keys(sizes(res.body).sda ?? {})).toEqual(['os', 'cinder']);
  });

  it('answers 404 for an unknown node', async () => {
    const res = await api.request('GET', '/api/v1/nodes/999999/disks');

    expect(res.status).toBe(404);
    expect(res.body).toEqual({ message: 'Node not found', errors: [] });
  });
});

describe('PUT /nodes/{id}/disks', () => {
  it('stores the layout, answers it and records the pending change once', async () => {
    const node = await createNode({ roles: ['compute'] });
    const body = [
      {
        id: 'sdb',
        size: 0,
        volumes: [
          { name: 'os', size: 0 },
          { name: 'vm', size: 20000 },
        ],
      },
    ];

    const res = await api.request('PUT', `/api/v1/nodes/${node.id}/disks/`, { body });
    const again = await api.request('PUT', `/api/v1/nodes/${node.id}/disks/`, { body });
    const read = await api.request('GET', `/api/v1/nodes/${node.id}/disks`);

    expect(res.status).toBe(200);
    expect(again.status).toBe(200);
    expect(sizes(res.body).sdb).toEqual({ os: 0, vm: 20000 });
    expect(sizes(res.body).sda).toEqual({ os: 55296, vm: 100 * 1024 - reserve(2) - 55296 });
    expect(read.body).toEqual(res.body);
    expect(await storedVolumes(node.id)).toEqual(res.body);
    expect(await changes(node.clusterId)).toEqual([{ name: 'disks', node_id: node.id }]);
  });

  it('accepts the layout it answered, sent back unchanged', async () => {
    const node = await createNode({ roles: ['controller'] });
    const current = await api.request('GET', `/api/v1/nodes/${node.id}/disks`);

    const res = await api.request('PUT', `/api/v1/nodes/${node.id}/disks`, { body: current.body });

    expect(res.status).toBe(200);
    expect(res.body).toEqual(current.body);
  });

  it('moves the bootable flag to the disk the request marks', async () => {
    const node = await createNode({ roles: ['compute'] });

    const res = await api.request('PUT', `/api/v1/nodes/${node.id}/disks`, {
      body: [{ id: 'sdb', bootable: true, volumes: [] }],
    });

    expect(res.status).toBe(200);
    expect(res.body.map((d: { bootable: boolean }) => d.bootable)).toEqual([false, true]);
  });

  it('accepts changes of a node in error', async () => {
    const node = await createNode({ roles: ['compute'], status: 'error' });

    const res = await api.request('PUT', `/api/v1/nodes/${node.id}/disks`, {
      body: [{ id: 'sdb', volumes: [{ name: 'vm', size: 1 }] }],
    });

    expect(res.status).toBe(200);
  });

  describe('refuses an invalid layout and changes nothing', () => {
    let node: { id: number; clusterId: number | null };
    const sda = 'disk/by-path/pci-0000:00:1f.2-ata-1';

    beforeAll(async () => {
      node = await createNode({ roles: ['compute'] });
    });

    const cases: [string, unknown, () => string][] = [
      [
        'volumes larger than the disk',
        [{ id: 'sdb', volumes: [{ name: 'vm', size: 50 * 1024 }] }],
        () =>
          `Not enough free space on disk 'sdb': volumes take ${50 * 1024} MB, ${50 * 1024 - reserve(2)} MB are available`,
      ],
      [
        'an unknown disk',
        [{ id: 'sdz', volumes: [] }],
        () => `Node '${node.id}': there is no disk with ID 'sdz'`,
      ],
      [
        'the same disk twice',
        [
          { id: 'sdb', volumes: [] },
          { id: 'sdb', volumes: [] },
        ],
        () => "Disk 'sdb' is listed more than once",
      ],
      [
        'a volume the roles do not use',
        [{ id: 'sdb', volumes: [{ name: 'mysql', size: 10 }] }],
        () => `Node '${node.id}': volume 'mysql' is not used by the roles of the node`,
      ],
      [
        'the same volume twice on a disk',
        [
          {
            id: 'sdb',
            volumes: [
              { name: 'vm', size: 1 },
              { name: 'vm', size: 2 },
            ],
          },
        ],
        () => "Volume 'vm' is listed more than once on disk 'sdb'",
      ],
      [
        'a base system below its minimum',
        [{ id: sda, volumes: [{ name: 'os', size: 1000 }] }],
        () => "Volume group 'Base System' requires a minimum of 55296MB",
      ],
      [
        'a base system on two disks (Ubuntu)',
        [
          { id: sda, volumes: [{ name: 'os', size: 50000 }] },
          {
            id: 'sdb',
            volumes: [
              { name: 'os', size: 10000 },
              { name: 'vm', size: 0 },
            ],
          },
        ],
        () => 'Base system should be allocated on one disk only',
      ],
      [
        'two bootable disks',
        [
          { id: sda, bootable: true, volumes: [] },
          { id: 'sdb', bootable: true, volumes: [] },
        ],
        () =>
          `Disks ${sda}, sdb can not be selected as bootable at the same time. Only one disk should be selected as bootable.`,
      ],
      ['an empty list', [], () => 'Node seems not to have disks'],
    ];

    it.each(cases)('%s', async (_name, body, message) => {
      const before = await api.request('GET', `/api/v1/nodes/${node.id}/disks`);

      const res = await api.request('PUT', `/api/v1/nodes/${node.id}/disks`, { body });

      expect(res.status).toBe(400);
      expect(res.body.message).toBe(message());
      expect(await storedVolumes(node.id)).toBeNull();
      expect(await changes(node.clusterId)).toEqual([]);
      expect((await api.request('GET', `/api/v1/nodes/${node.id}/disks`)).body).toEqual(
        before.body,
      );
    });

    it.each([
      ['a negative size', [{ id: 'sdb', volumes: [{ name: 'vm', size: -1 }] }]],
      ['a fractional size', [{ id: 'sdb', volumes: [{ name: 'vm', size: 1.5 }] }]],
      ['a size that is text', [{ id: 'sdb', volumes: [{ name: 'vm', size: '10' }] }]],
      ['a disk without id', [{ volumes: [] }]],
      ['a disk without volumes', [{ id: 'sdb' }]],
      ['a body that is an object', { id: 'sdb', volumes: [] }],
    ])('%s', async (_name, body) => {
      const res = await api.request('PUT', `/api/v1/nodes/${node.id}/disks`, { body });

      expect(res.status).toBe(400);
      expect(await storedVolumes(node.id)).toBeNull();
    });

    it('malformed and empty bodies', async () => {
      const broken = await api.request('PUT', `/api/v1/nodes/${node.id}/disks`, { rawBody: '[{' });
      const empty = await api.request('PUT', `/api/v1/nodes/${node.id}/disks`, { rawBody: '' });

      expect(broken.body).toEqual({ message: 'Invalid json received', errors: [] });
      expect(empty.body).toEqual({ message: 'Empty request received', errors: [] });
      expect(await storedVolumes(node.id)).toBeNull();
    });
  });

  it.each(['provisioning', 'provisioned', 'deploying', 'ready', 'stopped'])(
    'refuses changes of a node in status %s',
    async (status) => {
      const node = await createNode({ roles: ['compute'], status });

      const res = await api.request('PUT', `/api/v1/nodes/${node.id}/disks`, {
        body: [{ id: 'sdb', volumes: [{ name: 'vm', size: 1 }] }],
      });

      expect(res.status).toBe(400);
      expect(res.body.message).toBe(
        "Disks configuration can't be changed after or during deployment.",
      );
      expect(await storedVolumes(node.id)).toBeNull();
      expect(await changes(node.clusterId)).toEqual([]);
    },
  );

  it('refuses a node outside any environment', async () => {
    const node = await createNode({ inCluster: false });

    const res = await api.request('PUT', `/api/v1/nodes/${node.id}/disks`, {
      body: [{ id: 'sdb', volumes: [] }],
    });

    expect(res.status).toBe(400);
    expect(res.body.message).toBe(
      `Node '${node.id}': disks cannot be configured as the node is not added to any environment`,
    );
    expect(await storedVolumes(node.id)).toBeNull();
  });

  it('answers 404 for an unknown node', async () => {
    const res = await api.request('PUT', '/api/v1/nodes/999999/disks', {
      body: [{ id: 'sda', volumes: [] }],
    });

    expect(res.status).toBe(404);
    expect(res.body.message).toBe('Node not found');
  });
});

describe('GET /nodes/{id}/disks/defaults', () => {
  it('answers the default layout even after a change was stored', async () => {
    const node = await createNode({ roles: ['compute'] });
    const before = await api.request('GET', `/api/v1/nodes/${node.id}/disks`);
    await api.request('PUT', `/api/v1/nodes/${node.id}/disks`, {
      body: [{ id: 'sdb', volumes: [{ name: 'vm', size: 5 }] }],
    });

    const res = await api.request('GET', `/api/v1/nodes/${node.id}/disks/defaults`);

    expect(res.status).toBe(200);
    expect(res.body).toEqual(before.body);
  });

  it('answers 404 for an unknown node', async () => {
    const res = await api.request('GET', '/api/v1/nodes/999999/disks/defaults');

    expect(res.status).toBe(404);
  });
});

describe('GET /nodes/{id}/volumes', () => {
  it('lists the volumes of the node with their sizes summed over all disks', async () => {
    const node = await createNode({ roles: ['compute'] });
    const vmTotal = 100 * 1024 - reserve(2) - 55296 + 50 * 1024 - reserve(2);

    const res = await api.request('GET', `/api/v1/nodes/${node.id}/volumes?type=vg`);

    expect(res.status).toBe(200);
    expect(res.body).toEqual([
      { name: 'os', label: 'Base System', min_size: 55296, size: 55296 },
      { name: 'vm', label: 'Virtual Storage', min_size: 5120, size: vmTotal },
    ]);
  });

  it('answers 404 for a node outside any environment, as Nailgun does', async () => {
    const node = await createNode({ inCluster: false });

    const res = await api.request('GET', `/api/v1/nodes/${node.id}/volumes`);

    expect(res.status).toBe(404);
    expect(res.body.message).toBe(
      'Cannot calculate volumes info. Please, add node to an environment.',
    );
  });

  it('answers 404 for an unknown node', async () => {
    const res = await api.request('GET', '/api/v1/nodes/999999/volumes');

    expect(res.status).toBe(404);
    expect(res.body.message).toBe('Node not found');
  });
});
