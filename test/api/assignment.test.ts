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
  return `52:54:00:dd:${hex.slice(0, 2)}:${hex.slice(2)}`;
}

async function registerNode(): Promise<{ id: number; mac: string }> {
  const mac = nextMac();
  const res = await api.request('POST', '/api/nodes', {
    token: null,
    body: { mac, meta: { interfaces: [{ name: 'eth0', mac }] } },
  });
  if (res.status !== 201) throw new Error(`registration failed: ${res.text}`);
  return res.body;
}

/** An environment of release `releaseId` with `editable` settings and a default node group. */
async function createCluster(editable: object = {}, releaseId = 1) {
  counter += 1;
  const { rows } = await api.db.query<{ id: number }>(
    `INSERT INTO clusters (name, release_id, fuel_version, editable_attributes)
     VALUES ($1, $2, '10.0', $3) RETURNING id`,
    [`env-assign-${counter}`, releaseId, JSON.stringify(editable)],
  );
  const id = rows[0]?.id as number;
  const group = await api.db.query<{ id: number }>(
    "INSERT INTO nodegroups (cluster_id, name, is_default) VALUES ($1, 'default', true) RETURNING id",
    [id],
  );
  return { id, groupId: group.rows[0]?.id as number };
}

/** A release with hand-made roles, for conflict and restriction rules the fixture lacks. */
async function createRelease(roles: object): Promise<number> {
  counter += 1;
  const { rows } = await api.db.query<{ id: number }>(
    `INSERT INTO releases (name, version, operating_system, state, roles_metadata)
     VALUES ($1, 'test-10.0', 'Ubuntu', 'available', $2) RETURNING id`,
    [`release-${counter}`, JSON.stringify(roles)],
  );
  return rows[0]?.id as number;
}

async function node(id: number) {
  const { rows } = await api.db.query<{
    cluster_id: number | null;
    group_id: number | null;
    pending_roles: string[];
    roles: string[];
    pending_addition: boolean;
    pending_deletion: boolean;
    hostname: string | null;
  }>(
    `SELECT cluster_id, group_id, pending_roles, roles, pending_addition, pending_deletion,
            hostname FROM nodes WHERE id = $1`,
    [id],
  );
  return rows[0];
}

async function changesOf(nodeId: number): Promise<string[]> {
  const { rows } = await api.db.query<{ name: string }>(
    'SELECT name FROM cluster_changes WHERE node_id = $1 ORDER BY name',
    [nodeId],
  );
  return rows.map((r) => r.name);
}

async function assign(clusterId: number, body: unknown) {
  return api.request('POST', `/api/v1/clusters/${clusterId}/assignment/`, { body });
}

async function unassign(clusterId: number, body: unknown) {
  return api.request('POST', `/api/v1/clusters/${clusterId}/unassignment/`, { body });
}

describe('POST /clusters/{id}/assignment', () => {
  it('adds nodes with pending roles, the default node group and pending changes', async () => {
    const cluster = await createCluster();
    const a = await registerNode();
    const b = await registerNode();

    const res = await assign(cluster.id, [
      { id: a.id, roles: ['controller'] },
      { id: b.id, roles: ['compute', 'cinder'] },
    ]);

    expect(res.status).toBe(200);
    expect(res.text).toBe('null');
    expect(await node(a.id)).toMatchObject({
      cluster_id: cluster.id,
      group_id: cluster.groupId,
      pending_roles: ['controller'],
      pending_addition: true,
    });
    expect((await node(b.id))?.pending_roles).toEqual(['compute', 'cinder']);
    expect(await changesOf(a.id)).toEqual(['disks', 'interfaces']);
  });

  it('replaces the pending roles of a member without touching pending_addition', async () => {
    const cluster = await createCluster();
    const member = await registerNode();
    await assign(cluster.id, [{ id: member.id, roles: ['compute'] }]);
    await api.db.query('UPDATE nodes SET pending_addition = false WHERE id = $1', [member.id]);

    const res = await assign(cluster.id, [{ id: member.id, roles: ['cinder'] }]);

    expect(res.status).toBe(200);
    expect(await node(member.id)).toMatchObject({
      pending_roles: ['cinder'],
      pending_addition: false,
    });
  });

  it('answers 404 for an unknown environment', async () => {
    const n = await registerNode();

    const res = await assign(999_999, [{ id: n.id, roles: ['compute'] }]);

    expect(res.status).toBe(404);
    expect(res.body.message).toBe('Cluster not found');
  });

  it.each([
    ['0.roles', [{ id: 1 }]],
    ['0.id', [{ id: 'one', roles: [] }]],
    ['body', { id: 1, roles: [] }],
  ])('refuses a body breaking the schema at %s', async (path, body) => {
    const cluster = await createCluster();

    const res = await assign(cluster.id, body);

    expect(res.status).toBe(400);
    expect(res.body.message.startsWith(`${path}:`)).toBe(true);
  });

  it('names nodes that do not exist and changes nothing', async () => {
    const cluster = await createCluster();
    const n = await registerNode();

    const res = await assign(cluster.id, [
      { id: n.id, roles: ['compute'] },
      { id: 999_991, roles: [] },
      { id: 999_992, roles: [] },
    ]);

    expect(res.status).toBe(400);
    expect(res.body.message).toBe('Nodes with ids 999991, 999992 were not found.');
    expect((await node(n.id))?.cluster_id).toBeNull();
  });

  it('refuses roles the release does not have', async () => {
    const cluster = await createCluster();
    const n = await registerNode();

    const res = await assign(cluster.id, [{ id: n.id, roles: ['compute', 'pilot'] }]);

    expect(res.status).toBe(400);
    expect(res.body.message).toBe(
      `pilot are not valid roles for node in environment ${cluster.id}`,
    );
  });

  it('refuses duplicate roles', async () => {
    const cluster = await createCluster();
    const n = await registerNode();

    const res = await assign(cluster.id, [{ id: n.id, roles: ['compute', 'compute'] }]);

    expect(res.status).toBe(400);
    expect(res.body.message).toBe(`pending_roles list for node ${n.id} contains duplicates.`);
  });

  it('refuses conflicting roles in either order', async () => {
    const cluster = await createCluster();
    const n = await registerNode();

    const one = await assign(cluster.id, [{ id: n.id, roles: ['controller', 'compute'] }]);
    const other = await assign(cluster.id, [{ id: n.id, roles: ['compute', 'controller'] }]);

    expect(one.body.message).toBe("Role 'controller' in conflict with role 'compute'.");
    expect(other.body.message).toBe("Role 'compute' in conflict with role 'controller'.");
    expect((await node(n.id))?.cluster_id).toBeNull();
  });

  it('treats a "*" conflict as a conflict with every other role', async () => {
    const releaseId = await createRelease({ loner: { conflicts: '*' }, a: {}, b: {} });
    const cluster = await createCluster({}, releaseId);
    const n = await registerNode();

    const res = await assign(cluster.id, [{ id: n.id, roles: ['a', 'loner', 'b'] }]);
    const alone = await assign(cluster.id, [{ id: n.id, roles: ['loner'] }]);

    expect(res.body.message).toBe("Role 'loner' in conflict with role 'a, b'.");
    expect(alone.status).toBe(200);
  });

  it('refuses a role whose settings restriction holds, and accepts it once settings allow', async () => {
    const lvmOff = await createCluster({ storage: { volumes_lvm: { value: false } } });
    const lvmOn = await createCluster({ storage: { volumes_lvm: { value: true } } });
    const a = await registerNode();
    const b = await registerNode();

    const refused = await assign(lvmOff.id, [{ id: a.id, roles: ['cinder'] }]);
    const accepted = await assign(lvmOn.id, [{ id: b.id, roles: ['cinder'] }]);

    expect(refused.status).toBe(400);
    expect(refused.body.message).toBe(
      "Role 'cinder' restrictions mismatch: Enable Cinder LVM in the storage settings first.",
    );
    expect(accepted.status).toBe(200);
  });

  it('evaluates and/or/not/string conditions and skips conditions it cannot read', async () => {
    const releaseId = await createRelease({
      strict: {
        restrictions: [
          {
            condition:
              'not (settings:common.mode.value == \'lab\') and (settings:common.debug.value != true or settings:common.mode.value == "x")',
            message: 'Only in the lab.',
          },
        ],
      },
      skipped: {
        restrictions: [
          'cluster:net_provider == "nova_network"',
          { 'settings:missing.thing.value == true': 'never read' },
          'settings:common.mode.value ~= 3',
        ],
      },
    });
    const prod = await createCluster(
      { common: { mode: { value: 'prod' }, debug: { value: false } } },
      releaseId,
    );
    const lab = await createCluster(
      { common: { mode: { value: 'lab' }, debug: { value: false } } },
      releaseId,
    );
    const [a, b, c] = [await registerNode(), await registerNode(), await registerNode()];

    const refused = await assign(prod.id, [{ id: a.id, roles: ['strict'] }]);
    const allowed = await assign(lab.id, [{ id: b.id, roles: ['strict'] }]);
    const skipped = await assign(prod.id, [{ id: c.id, roles: ['skipped'] }]);

    expect(refused.body.message).toBe("Role 'strict' restrictions mismatch: Only in the lab.");
    expect(allowed.status).toBe(200);
    expect(skipped.status).toBe(200);
  });

  it('refuses nodes of another environment', async () => {
    const first = await createCluster();
    const second = await createCluster();
    const n = await registerNode();
    await assign(first.id, [{ id: n.id, roles: ['compute'] }]);

    const res = await assign(second.id, [{ id: n.id, roles: ['compute'] }]);

    expect(res.status).toBe(400);
    expect(res.body.message).toBe('Changing cluster on the fly is not allowed');
    expect((await node(n.id))?.cluster_id).toBe(first.id);
  });

  it('refuses offline nodes', async () => {
    const cluster = await createCluster();
    const n = await registerNode();
    await api.db.query('UPDATE nodes SET online = false WHERE id = $1', [n.id]);

    const res = await assign(cluster.id, [{ id: n.id, roles: ['compute'] }]);

    expect(res.status).toBe(400);
    expect(res.body.message).toBe(`Cannot add offline node '${n.id}' to environment`);
  });

  it('refuses nodes whose hostname a member already has', async () => {
    const cluster = await createCluster();
    const member = await registerNode();
    const newcomer = await registerNode();
    await assign(cluster.id, [{ id: member.id, roles: ['compute'] }]);
    await api.db.query('UPDATE nodes SET hostname = $1 WHERE id = $2', [
      `node-${newcomer.id}`,
      member.id,
    ]);

    const res = await assign(cluster.id, [{ id: newcomer.id, roles: ['compute'] }]);

    expect(res.status).toBe(409);
    expect(res.body.message).toBe(
      `Nodes with hostnames [node-${newcomer.id}] already exist in cluster ${cluster.id}.`,
    );
  });

  it('changes nothing when any node of the list is refused', async () => {
    const cluster = await createCluster();
    const good = await registerNode();
    const bad = await registerNode();

    const res = await assign(cluster.id, [
      { id: good.id, roles: ['compute'] },
      { id: bad.id, roles: ['controller', 'compute'] },
    ]);

    expect(res.status).toBe(400);
    expect(await node(good.id)).toMatchObject({ cluster_id: null, pending_roles: [] });
    expect(await changesOf(good.id)).toEqual([]);
  });
});

describe('POST /clusters/{id}/unassignment', () => {
  it('detaches discovered nodes at once and marks the others for deletion', async () => {
    const cluster = await createCluster();
    const fresh = await registerNode();
    const deployed = await registerNode();
    await assign(cluster.id, [
      { id: fresh.id, roles: ['compute'] },
      { id: deployed.id, roles: ['compute'] },
    ]);
    await api.db.query("UPDATE nodes SET hostname = 'custom' WHERE id = $1", [fresh.id]);
    await api.db.query(
      "UPDATE nodes SET status = 'ready', roles = '{compute}', pending_roles = '{}' WHERE id = $1",
      [deployed.id],
    );

    const res = await unassign(cluster.id, [{ id: fresh.id }, { id: deployed.id }]);

    expect(res.status).toBe(200);
    expect(res.text).toBe('null');
    expect(await node(fresh.id)).toEqual({
      cluster_id: null,
      group_id: null,
      pending_roles: [],
      roles: [],
      pending_addition: false,
      pending_deletion: false,
      hostname: null,
    });
    expect(await changesOf(fresh.id)).toEqual([]);
    expect(await node(deployed.id)).toMatchObject({
      cluster_id: cluster.id,
      roles: ['compute'],
      pending_deletion: true,
    });
  });

  it('refuses nodes that are not members and changes nothing', async () => {
    const cluster = await createCluster();
    const member = await registerNode();
    const stranger = await registerNode();
    await assign(cluster.id, [{ id: member.id, roles: ['compute'] }]);

    const res = await unassign(cluster.id, [{ id: member.id }, { id: stranger.id }]);

    expect(res.status).toBe(400);
    expect(res.body.message).toBe(
      `Nodes [${stranger.id}] are not members of environment ${cluster.id}.`,
    );
    expect((await node(member.id))?.cluster_id).toBe(cluster.id);
  });

  it('refuses unknown nodes and unknown environments', async () => {
    const cluster = await createCluster();

    const unknownNode = await unassign(cluster.id, [{ id: 999_990 }]);
    const unknownCluster = await unassign(999_999, [{ id: 1 }]);

    expect(unknownNode.status).toBe(400);
    expect(unknownNode.body.message).toBe('Nodes with ids 999990 were not found.');
    expect(unknownCluster.status).toBe(404);
  });

  it('refuses a body breaking the schema', async () => {
    const cluster = await createCluster();

    const res = await unassign(cluster.id, [{ id: 'x' }]);

    expect(res.status).toBe(400);
    expect(res.body.message.startsWith('0.id:')).toBe(true);
  });
});
