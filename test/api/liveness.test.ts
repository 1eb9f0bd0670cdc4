import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { sweepOfflineNodes } from '../../functions/core/nodes/liveness.js';
import { startTestApi, type TestApi } from '../support/api.js';

let api: TestApi;
let macCounter = 0;

beforeAll(async () => {
  api = await startTestApi();
});

afterAll(async () => {
  await api.close();
});

const NOW = new Date('2025-06-01T12:00:00Z');

function secondsBefore(seconds: number): Date {
  return new Date(NOW.getTime() - seconds * 1000);
}

/** Inserts a node last heard from at `lastContact`; returns its id. */
async function insertNode(name: string, lastContact: Date, status = 'discover', online = true) {
  macCounter += 1;
  const mac = `52:54:00:cc:00:${macCounter.toString(16).padStart(2, '0')}`;
  const { rows } = await api.db.query<{ id: number }>(
    `INSERT INTO nodes (name, mac, status, online, last_contact_at) VALUES ($1, $2, $3, $4, $5)
     RETURNING id`,
    [name, mac, status, online, lastContact],
  );
  return { id: rows[0]?.id as number, mac };
}

async function state(id: number) {
  const node = await api.db.query<{ online: boolean }>('SELECT online FROM nodes WHERE id = $1', [
    id,
  ]);
  const notes = await api.db.query<{ topic: string; message: string }>(
    'SELECT topic, message FROM notifications WHERE node_id = $1 ORDER BY id',
    [id],
  );
  return { online: node.rows[0]?.online, notifications: notes.rows };
}

describe('sweepOfflineNodes', () => {
  it('marks silent nodes offline with a notification, sparing provisioning and recent ones', async () => {
    const silent = await insertNode('silent', secondsBefore(181));
    const recent = await insertNode('recent', secondsBefore(170));
    const provisioning = await insertNode('rebooting', secondsBefore(3600), 'provisioning');
    const alreadyOffline = await insertNode('gone', secondsBefore(3600), 'discover', false);
    api.clock.now = NOW;

    const count = await sweepOfflineNodes(api.deps);
    api.clock.now = undefined;

    expect(count).toBe(1);
    expect(await state(silent.id)).toEqual({
      online: false,
      notifications: [{ topic: 'error', message: "Node 'silent' has gone away" }],
    });
    expect(await state(recent.id)).toEqual({ online: true, notifications: [] });
    expect(await state(provisioning.id)).toEqual({ online: true, notifications: [] });
    expect(await state(alreadyOffline.id)).toEqual({ online: false, notifications: [] });
  });

  it('does nothing the second time and returns 0', async () => {
    await insertNode('quiet', secondsBefore(500));
    api.clock.now = NOW;
    await sweepOfflineNodes(api.deps);

    const count = await sweepOfflineNodes(api.deps);
    api.clock.now = undefined;

    expect(count).toBe(0);
  });

  it('lets the next check-in bring the node back online', async () => {
    const node = await insertNode('returning', secondsBefore(600));
    api.clock.now = NOW;
    await sweepOfflineNodes(api.deps);

    const res = await api.request('PUT', '/api/nodes/agent', {
      token: null,
      body: { mac: node.mac },
    });
    api.clock.now = undefined;

    expect(res.body).toEqual({ id: node.id });
    expect(await state(node.id)).toEqual({
      online: true,
      notifications: [
        { topic: 'error', message: "Node 'returning' has gone away" },
        { topic: 'discover', message: "Node 'returning' is back online" },
      ],
    });
  });
});
