import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { buildNodePayload, runAgent } from '../../agent/discovery/agent.js';
import { checkIn } from '../../agent/discovery/client.js';
import { silentLogger } from '../../agent/discovery/logger.js';
import { type FakeNode, vmNode } from './support/nodes.js';
import { type ServedApi, serveTestApi } from './support/served-api.js';

let served: ServedApi;
let counter = 0;
const made: FakeNode[] = [];

function macOf(tag: number, nic: number): string {
  return `52:54:00:5e:${tag.toString(16).padStart(2, '0')}:0${nic}`;
}

/** A VM on the discovery image with MACs no other test uses. */
function freshVm(): FakeNode {
  counter += 1;
  const node = vmNode(macOf(counter, 1), macOf(counter, 2));
  made.push(node);
  return node;
}

function run(node: FakeNode) {
  return runAgent(node.host, { apiUrl: served.apiUrl, logger: silentLogger });
}

function payloadOf(node: FakeNode) {
  return buildNodePayload(node.host, silentLogger, served.apiUrl);
}

function uidOf(node: FakeNode): string {
  return readFileSync(join(node.tree.root, 'etc/nailgun_uid'), 'utf8');
}

async function nodeJson(id: number) {
  return (await served.api.request('GET', `/api/v1/nodes/${id}/`)).body;
}

beforeAll(async () => {
  served = await serveTestApi();
});
afterAll(() => served.close());
afterEach(() => {
  for (const node of made.splice(0)) node.tree.dispose();
});

describe('agent check-in against the API', () => {
  it('registers a new node with POST and writes its id to /etc/nailgun_uid', async () => {
    const node = freshVm();

    const outcome = await run(node);

    expect(outcome).toMatchObject({ state: 'reported', cached: false });
    const id = outcome.state === 'reported' ? outcome.id : -1;
    expect(uidOf(node)).toBe(String(id));
    const json = await nodeJson(id);
    expect(json).toMatchObject({ mac: macOf(counter, 1), status: 'discover', ip: '10.20.0.3' });
    expect(json.meta.disks.map((d: { size: number }) => d.size)).toEqual([
      104857600 * 512,
      20971520 * 512,
    ]);
    expect(json.meta.cpu).toMatchObject({ total: 2, real: 1 });
  });

  it('updates with PUT on the next run and is answered cached when nothing changed', async () => {
    const node = freshVm();
    const first = await run(node);
    const payload = await payloadOf(node);

    const second = await checkIn(node.host, payload, { apiUrl: served.apiUrl });

    expect(second).toEqual({
      id: first.state === 'reported' ? first.id : -1,
      cached: true,
      calls: [{ method: 'PUT', status: 200 }],
    });
  });

  it('sends an uncached update when a disk changed', async () => {
    const node = freshVm();
    const first = await run(node);
    const id = first.state === 'reported' ? first.id : -1;
    node.tree.file('/sys/devices/pci0000:00/0000:00:06.0/virtio3/block/vdb/size', 41943040);

    const second = await checkIn(node.host, await payloadOf(node), { apiUrl: served.apiUrl });

    expect(second).toMatchObject({ id, cached: false, calls: [{ method: 'PUT', status: 200 }] });
    const json = await nodeJson(id);
    expect(json.meta.disks[1].size).toBe(41943040 * 512);
  });

  it('registers again with POST when the node was deleted on the server', async () => {
    const node = freshVm();
    const first = await run(node);
    const oldId = first.state === 'reported' ? first.id : -1;
    const deleted = await served.api.request('DELETE', `/api/v1/nodes/${oldId}/`);

    const second = await checkIn(node.host, await payloadOf(node), { apiUrl: served.apiUrl });

    expect(deleted.status).toBe(200);
    expect(second.calls).toEqual([
      { method: 'PUT', status: 400 },
      { method: 'POST', status: 201 },
    ]);
    expect(second.id).not.toBe(oldId);
    expect(uidOf(node)).toBe(String(second.id));
  });

  it('updates with PUT when the node exists but its uid file is gone', async () => {
    const node = freshVm();
    const first = await run(node);
    node.tree.remove('/etc/nailgun_uid');

    const second = await checkIn(node.host, await payloadOf(node), { apiUrl: served.apiUrl });

    expect(second.calls).toEqual([
      { method: 'POST', status: 409 },
      { method: 'PUT', status: 200 },
    ]);
    expect(uidOf(node)).toBe(String(first.state === 'reported' ? first.id : -1));
  });

  it('sends no status off the discovery image, so a provisioned node stays so', async () => {
    const node = freshVm();
    const first = await run(node);
    const id = first.state === 'reported' ? first.id : -1;
    await served.api.db.query("UPDATE nodes SET status = 'provisioned' WHERE id = $1", [id]);
    node.tree.file('/etc/nailgun_systemtype', 'target');
    node.tree.file('/proc/sys/kernel/hostname', 'node-provisioned');

    const second = await run(node);

    expect(second).toMatchObject({ state: 'reported', id, cached: false });
    const json = await nodeJson(id);
    expect(json.status).toBe('provisioned');
    expect(json.meta.system.fqdn).toBe('node-provisioned');
  });

  it('fails with the status reason and writes no uid when Nailgun refuses the report', async () => {
    const node = freshVm();
    node.tree.remove('/sys/class/net');

    const outcome = await run(node);

    expect(outcome).toEqual({ state: 'failed', reason: 'http_status' });
    expect(() => uidOf(node)).toThrow();
  });

  it('fails with internal_error, not a throw, when the uid file cannot be written', async () => {
    const node = freshVm();
    node.tree.dir('/etc/nailgun_uid');

    const outcome = await run(node);

    expect(outcome).toEqual({ state: 'failed', reason: 'internal_error' });
  });

  it('reports nothing while /etc/nailgun-agent/nodiscover exists', async () => {
    const node = freshVm();
    node.tree.file('/etc/nailgun-agent/nodiscover', '');
    const before = await served.api.request('GET', '/api/v1/nodes/');

    const outcome = await run(node);

    expect(outcome).toEqual({ state: 'skipped' });
    const after = await served.api.request('GET', '/api/v1/nodes/');
    expect(after.body).toHaveLength(before.body.length);
  });
});
