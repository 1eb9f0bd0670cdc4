import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createNotification } from '../../functions/core/notifications/create.js';
import { insertTask } from '../../functions/core/tasks/model.js';
import { startTestApi, type TestApi } from '../support/api.js';

let api: TestApi;
beforeAll(async () => {
  api = await startTestApi();
});
afterAll(() => api.close());

async function notify(message = 'Something happened', status?: 'read' | 'unread') {
  return createNotification(api.db, { topic: 'done', message, status });
}

async function statusOf(id: number): Promise<string | undefined> {
  const { rows } = await api.db.query<{ status: string }>(
    'SELECT status FROM notifications WHERE id = $1',
    [id],
  );
  return rows[0]?.status;
}

async function count(): Promise<number> {
  const { rows } = await api.db.query<{ n: number }>(
    'SELECT count(*)::int AS n FROM notifications',
  );
  return rows[0]?.n ?? 0;
}

describe('POST /notifications', () => {
  it('records a notification stamped with the clock, in UTC', async () => {
    const { rows } = await api.db.query<{ id: number }>(
      `INSERT INTO clusters (name, release_id, fuel_version) VALUES ('env-t', 1, '10.0') RETURNING id`,
    );
    const cluster = rows[0]?.id ?? 0;
    const task = await insertTask(api.db, { name: 'deployment', clusterId: cluster });
    api.clock.now = new Date(Date.UTC(2024, 2, 5, 7, 8, 9));

    const res = await api.request('POST', '/api/v1/notifications/', {
      body: { topic: 'error', message: 'Deployment failed', cluster_id: cluster, task_id: task.id },
    });
    api.clock.now = undefined;

    expect(res.status).toBe(201);
    expect(res.body).toEqual({
      id: expect.any(Number),
      cluster,
      topic: 'error',
      message: 'Deployment failed',
      status: 'unread',
      node_id: null,
      task_id: task.id,
      time: '07:08:09',
      date: '05-03-2024',
    });
    expect(await statusOf(res.body.id)).toBe('unread');
  });

  it('refuses an unknown or missing topic and records nothing', async () => {
    const before = await count();

    const unknown = await api.request('POST', '/api/v1/notifications', {
      body: { topic: 'news', message: 'Hello' },
    });
    const missing = await api.request('POST', '/api/v1/notifications', {
      body: { message: 'Hello' },
    });

    expect(unknown.status).toBe(400);
    expect(unknown.body).toEqual({
      message: 'Notification topic is not found or invalid',
      errors: [],
    });
    expect(missing.status).toBe(400);
    expect(missing.body.message).toBe('Notification topic is not found or invalid');
    expect(await count()).toBe(before);
  });

  it('refuses a missing message, a bad status and a discover notice without node', async () => {
    const before = await count();

    const noMessage = await api.request('POST', '/api/v1/notifications', {
      body: { topic: 'done' },
    });
    const numberMessage = await api.request('POST', '/api/v1/notifications', {
      body: { topic: 'done', message: 42 },
    });
    const badStatus = await api.request('POST', '/api/v1/notifications', {
      body: { topic: 'done', message: 'x', status: 'archived' },
    });
    const discover = await api.request('POST', '/api/v1/notifications', {
      body: { topic: 'discover', message: 'New node' },
    });

    expect(noMessage.status).toBe(400);
    expect(noMessage.body.message).toBe('Notification message is required');
    expect(numberMessage.status).toBe(400);
    expect(badStatus.body.message).toBe('Bad status');
    expect(discover.status).toBe(400);
    expect(discover.body.message).toBe('No node id in discover notification');
    expect(discover.headers.get('content-type')).toContain('text/plain');
    expect(await count()).toBe(before);
  });

  it('refuses references to unknown objects and ids of the wrong type', async () => {
    const before = await count();

    const cluster = await api.request('POST', '/api/v1/notifications', {
      body: { topic: 'done', message: 'x', cluster_id: 999999 },
    });
    const node = await api.request('POST', '/api/v1/notifications', {
      body: { topic: 'discover', message: 'x', node_id: 999999 },
    });
    const task = await api.request('POST', '/api/v1/notifications', {
      body: { topic: 'done', message: 'x', task_id: 999999 },
    });
    const wrongType = await api.request('POST', '/api/v1/notifications', {
      body: { topic: 'done', message: 'x', cluster_id: 'one' },
    });
    const huge = await api.request('POST', '/api/v1/notifications', {
      body: { topic: 'done', message: 'x', node_id: 1e12 },
    });

    expect(cluster.status).toBe(400);
    expect(cluster.body.message).toBe('Cluster with id 999999 not found');
    expect(node.body.message).toBe('Node with id 999999 not found');
    expect(task.body.message).toBe('Task with id 999999 not found');
    expect(wrongType.status).toBe(400);
    expect(wrongType.body.message).toMatch(/^cluster_id: /);
    expect(huge.status).toBe(400);
    expect(await count()).toBe(before);
  });

  it('refuses empty, malformed and non-object bodies', async () => {
    const empty = await api.request('POST', '/api/v1/notifications', { rawBody: '' });
    const broken = await api.request('POST', '/api/v1/notifications', { rawBody: '{"topic":' });
    const list = await api.request('POST', '/api/v1/notifications', { body: [] });

    expect(empty.status).toBe(400);
    expect(empty.body.message).toBe('Empty request received');
    expect(broken.body.message).toBe('Invalid json received');
    expect(list.status).toBe(400);
  });
});

describe('GET /notifications', () => {
  it('lists every notification by id', async () => {
    const first = await notify('first');
    const second = await notify('second');

    const res = await api.request('GET', '/api/v1/notifications/');

    const ids: number[] = res.body.map((n: { id: number }) => n.id);
    expect(res.status).toBe(200);
    expect(ids).toEqual([...ids].sort((a, b) => a - b));
    expect(ids).toEqual(expect.arrayContaining([first, second]));
    expect(res.headers.get('content-range')).toBeNull();
  });

  it('pages with limit and offset and reports the Content-Range', async () => {
    await notify('a');
    await notify('b');
    await notify('c');
    const all = (await api.request('GET', '/api/v1/notifications')).body;

    const page = await api.request('GET', '/api/v1/notifications?limit=2&offset=1');
    const reversed = await api.request('GET', '/api/v1/notifications?order_by=-id&limit=1');

    expect(page.status).toBe(200);
    expect(page.body).toEqual(all.slice(1, 3));
    expect(page.headers.get('content-range')).toBe(`objects 2-3/${all.length}`);
    expect(reversed.body).toEqual([all[all.length - 1]]);
  });

  it('refuses bad paging parameters', async () => {
    const text = await api.request('GET', '/api/v1/notifications?limit=x');
    const past = await api.request('GET', '/api/v1/notifications?offset=100000');

    expect(text.status).toBe(400);
    expect(text.body.message).toBe('Cannot convert "x" to int');
    expect(past.status).toBe(416);
  });
});

describe('GET/PUT/DELETE /notifications/{id}', () => {
  it('shows one notification', async () => {
    const id = await notify('one');

    const res = await api.request('GET', `/api/v1/notifications/${id}/`);

    expect(res.status).toBe(200);
    expect(res.body).toMatchObject({ id, message: 'one', topic: 'done', cluster: null });
    expect(res.body.time).toMatch(/^\d\d:\d\d:\d\d$/);
    expect(res.body.date).toMatch(/^\d\d-\d\d-\d{4}$/);
  });

  it('marks a notification read and unread', async () => {
    const id = await notify('toggle');

    const read = await api.request('PUT', `/api/v1/notifications/${id}`, {
      body: { status: 'read', message: 'ignored' },
    });
    const readStatus = await statusOf(id);
    const unread = await api.request('PUT', `/api/v1/notifications/${id}`, {
      body: { status: 'unread' },
    });

    expect(read.status).toBe(200);
    expect(read.body).toMatchObject({ id, status: 'read', message: 'toggle' });
    expect(readStatus).toBe('read');
    expect(unread.body.status).toBe('unread');
    expect(await statusOf(id)).toBe('unread');
  });

  it('refuses a bad or missing status and changes nothing', async () => {
    const id = await notify('stays unread');

    const bad = await api.request('PUT', `/api/v1/notifications/${id}`, {
      body: { status: 'archived' },
    });
    const missing = await api.request('PUT', `/api/v1/notifications/${id}`, { body: {} });
    const empty = await api.request('PUT', `/api/v1/notifications/${id}`, { rawBody: '' });

    expect(bad.status).toBe(400);
    expect(bad.body).toEqual({ message: 'Bad status', errors: [] });
    expect(missing.body.message).toBe('Bad status');
    expect(empty.body.message).toBe('Empty request received');
    expect(await statusOf(id)).toBe('unread');
  });

  it('deletes a notification', async () => {
    const id = await notify('to delete');

    const res = await api.request('DELETE', `/api/v1/notifications/${id}`);

    expect(res.status).toBe(204);
    expect(res.text).toBe('');
    expect(await statusOf(id)).toBeUndefined();
    expect((await api.request('GET', `/api/v1/notifications/${id}`)).status).toBe(404);
  });

  it('answers 404 "Notification not found" for an unknown id', async () => {
    const get = await api.request('GET', '/api/v1/notifications/999999');
    const put = await api.request('PUT', '/api/v1/notifications/999999', {
      body: { status: 'read' },
    });
    const del = await api.request('DELETE', '/api/v1/notifications/999999');

    expect(get.status).toBe(404);
    expect(get.body).toEqual({ message: 'Notification not found', errors: [] });
    expect(put.status).toBe(404);
    expect(del.status).toBe(404);
  });
});

describe('PUT /notifications', () => {
  it('changes several notifications and answers them in request order', async () => {
    const a = await notify('bulk a');
    const b = await notify('bulk b');

    const res = await api.request('PUT', '/api/v1/notifications/', {
      body: [
        { id: b, status: 'read' },
        { id: a, status: 'read' },
      ],
    });

    expect(res.status).toBe(200);
    expect(res.body.map((n: { id: number; status: string }) => [n.id, n.status])).toEqual([
      [b, 'read'],
      [a, 'read'],
    ]);
    expect([await statusOf(a), await statusOf(b)]).toEqual(['read', 'read']);
  });

  it('answers an empty list to an empty list', async () => {
    const res = await api.request('PUT', '/api/v1/notifications', { body: [] });

    expect(res.status).toBe(200);
    expect(res.body).toEqual([]);
  });

  it('refuses bodies that are not lists of {id, status}', async () => {
    const id = await notify('bulk untouched');

    const object = await api.request('PUT', '/api/v1/notifications', {
      body: { id, status: 'read' },
    });
    const noStatus = await api.request('PUT', '/api/v1/notifications', {
      body: [{ id, status: 'read' }, { id }],
    });
    const noId = await api.request('PUT', '/api/v1/notifications', {
      body: [{ status: 'read' }],
    });
    const scalar = await api.request('PUT', '/api/v1/notifications', { body: [5] });

    expect(object.status).toBe(400);
    expect(object.body.message).toBe('Invalid json list');
    expect(noStatus.body.message).toBe('ID is not set correctly');
    expect(noId.body.message).toBe('ID is not set correctly');
    expect(scalar.body.message).toBe('ID is not set correctly');
    expect(await statusOf(id)).toBe('unread');
  });

  it('changes nothing when one id is unknown or one status is bad', async () => {
    const id = await notify('bulk atomic');

    const unknown = await api.request('PUT', '/api/v1/notifications', {
      body: [
        { id, status: 'read' },
        { id: 999999, status: 'read' },
      ],
    });
    const textId = await api.request('PUT', '/api/v1/notifications', {
      body: [{ id: 'abc', status: 'read' }],
    });
    const badStatus = await api.request('PUT', '/api/v1/notifications', {
      body: [
        { id, status: 'read' },
        { id, status: 'gone' },
      ],
    });

    expect(unknown.status).toBe(400);
    expect(unknown.body.message).toBe('Invalid ID specified');
    expect(textId.body.message).toBe('Invalid ID specified');
    expect(badStatus.status).toBe(400);
    expect(badStatus.body.message).toBe('Bad status');
    expect(await statusOf(id)).toBe('unread');
  });
});

describe('GET /notifications/stats', () => {
  it('counts notifications by status, including one posted as read', async () => {
    await notify('stats unread');
    const posted = await api.request('POST', '/api/v1/notifications', {
      body: { topic: 'warning', message: 'Disk almost full', status: 'read' },
    });

    const res = await api.request('GET', '/api/v1/notifications/stats/');

    const { rows } = await api.db.query<{ read: number; unread: number }>(
      `SELECT count(*) FILTER (WHERE status = 'read')::int AS read,
              count(*) FILTER (WHERE status = 'unread')::int AS unread FROM notifications`,
    );
    const { read = 0, unread = 0 } = rows[0] ?? {};
    expect(res.status).toBe(200);
    expect(res.body).toEqual({ total: read + unread, read, unread });
    expect(posted.body.status).toBe('read');
    expect(read * unread).toBeGreaterThan(0);
  });
});

describe('PUT /notifications/change_status', () => {
  it('refuses a bad status and changes nothing', async () => {
    const id = await notify('change_status untouched');

    const bad = await api.request('PUT', '/api/v1/notifications/change_status', {
      body: { status: 'done' },
    });
    const missing = await api.request('PUT', '/api/v1/notifications/change_status', { body: {} });

    expect(bad.status).toBe(400);
    expect(bad.body.message).toBe('Bad status');
    expect(missing.body.message).toBe('Bad status');
    expect(await statusOf(id)).toBe('unread');
  });

  it('marks every notification read and answers null', async () => {
    await notify('change_status one');
    await notify('change_status two');

    const res = await api.request('PUT', '/api/v1/notifications/change_status/', {
      body: { status: 'read' },
    });

    const { rows } = await api.db.query<{ n: number }>(
      `SELECT count(*)::int AS n FROM notifications WHERE status <> 'read'`,
    );
    expect(res.status).toBe(200);
    expect(res.text).toBe('null');
    expect(rows[0]?.n).toBe(0);
  });
});

describe('static notification paths', () => {
  it('answer 405 to methods they do not have', async () => {
    const stats = await api.request('POST', '/api/v1/notifications/stats', { body: {} });
    const change = await api.request('GET', '/api/v1/notifications/change_status');

    expect(stats.status).toBe(405);
    expect(change.status).toBe(405);
  });
});
