import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { insertTask, type TaskRow } from '../../functions/core/tasks/model.js';
import { startTestApi, type TestApi } from '../support/api.js';

let api: TestApi;
beforeAll(async () => {
  api = await startTestApi();
});
afterAll(() => api.close());

let clusterCount = 0;
async function createCluster(): Promise<number> {
  clusterCount += 1;
  const { rows } = await api.db.query<{ id: number }>(
    `INSERT INTO clusters (name, release_id, fuel_version) VALUES ($1, 1, '10.0') RETURNING id`,
    [`env-tasks-${clusterCount}`],
  );
  return rows[0]?.id ?? 0;
}

async function deletedAt(id: number): Promise<Date | null> {
  const { rows } = await api.db.query<{ deleted_at: Date | null }>(
    'SELECT deleted_at FROM tasks WHERE id = $1',
    [id],
  );
  return rows[0]?.deleted_at ?? null;
}

/** A supertask with a child and a grandchild, all in `status`. */
async function taskTree(clusterId: number, status: TaskRow['status']): Promise<TaskRow[]> {
  const root = await insertTask(api.db, { name: 'deploy', clusterId, status });
  const child = await insertTask(api.db, {
    name: 'deployment',
    clusterId,
    parentId: root.id,
    status,
  });
  const grandchild = await insertTask(api.db, {
    name: 'check_networks',
    clusterId,
    parentId: child.id,
    status,
  });
  return [root, child, grandchild];
}

describe('GET /tasks', () => {
  it('lists the tasks that are not deleted, oldest first', async () => {
    const cluster = await createCluster();
    const first = await insertTask(api.db, { name: 'provision', clusterId: cluster });
    const gone = await insertTask(api.db, { name: 'deployment', clusterId: cluster });
    const last = await insertTask(api.db, { name: 'verify_networks', clusterId: null });
    await api.db.query('UPDATE tasks SET deleted_at = now() WHERE id = $1', [gone.id]);

    const res = await api.request('GET', '/api/v1/tasks/');

    expect(res.status).toBe(200);
    const ids: number[] = res.body.map((t: { id: number }) => t.id);
    expect(ids).toEqual([...ids].sort((a, b) => a - b));
    expect(ids).toContain(first.id);
    expect(ids).toContain(last.id);
    expect(ids).not.toContain(gone.id);
  });

  it('filters by environment', async () => {
    const cluster = await createCluster();
    const other = await createCluster();
    const mine = await insertTask(api.db, { name: 'provision', clusterId: cluster });
    await insertTask(api.db, { name: 'provision', clusterId: other });

    const res = await api.request('GET', `/api/v1/tasks/?cluster_id=${cluster}`);

    expect(res.status).toBe(200);
    expect(res.body.map((t: { id: number }) => t.id)).toEqual([mine.id]);
  });

  it('lists the tasks of no environment for an empty cluster_id', async () => {
    const cluster = await createCluster();
    const orphan = await insertTask(api.db, { name: 'verify_networks', clusterId: null });
    const owned = await insertTask(api.db, { name: 'provision', clusterId: cluster });

    const res = await api.request('GET', '/api/tasks?cluster_id=');

    const ids = res.body.map((t: { id: number }) => t.id);
    expect(res.status).toBe(200);
    expect(ids).toContain(orphan.id);
    expect(ids).not.toContain(owned.id);
    expect(res.body.every((t: { cluster: number | null }) => t.cluster === null)).toBe(true);
  });

  it('answers an empty list for an environment id that cannot exist', async () => {
    const res = await api.request('GET', '/api/v1/tasks?cluster_id=99999999999');

    expect(res.status).toBe(200);
    expect(res.body).toEqual([]);
  });

  it('refuses a cluster_id that is not an integer', async () => {
    const res = await api.request('GET', '/api/v1/tasks?cluster_id=abc');

    expect(res.status).toBe(400);
    expect(res.body).toEqual({ message: 'Cannot convert "abc" to int', errors: [] });
  });
});

describe('GET /tasks/{id}', () => {
  it('shows a task as Nailgun serializes it', async () => {
    const cluster = await createCluster();
    const parent = await insertTask(api.db, { name: 'deploy', clusterId: cluster });
    const task = await insertTask(api.db, {
      name: 'provision',
      clusterId: cluster,
      parentId: parent.id,
      status: 'running',
      progress: 40,
      message: 'Provisioning',
      result: { nodes: [] },
    });

    const res = await api.request('GET', `/api/v1/tasks/${task.id}/`);

    expect(res.status).toBe(200);
    expect(res.body).toEqual({
      id: task.id,
      uuid: task.uuid,
      name: 'provision',
      status: 'running',
      progress: 40,
      message: 'Provisioning',
      result: { nodes: [] },
      cluster,
      parent_id: parent.id,
      dry_run: false,
      graph_type: null,
      time_start: expect.stringMatching(/^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\.\d{6}$/),
      time_end: null,
    });
  });

  it('answers 404 for an unknown or deleted task', async () => {
    const task = await insertTask(api.db, { name: 'provision', clusterId: null, status: 'ready' });
    await api.db.query('UPDATE tasks SET deleted_at = now() WHERE id = $1', [task.id]);

    const unknown = await api.request('GET', '/api/v1/tasks/987654');
    const deleted = await api.request('GET', `/api/v1/tasks/${task.id}`);
    const notAnId = await api.request('GET', '/api/v1/tasks/abc');

    expect(unknown.status).toBe(404);
    expect(unknown.body).toEqual({ message: 'Task not found', errors: [] });
    expect(deleted.status).toBe(404);
    expect(deleted.body.message).toBe('Task not found');
    expect(notAnId.status).toBe(404);
  });
});

describe('DELETE /tasks/{id}', () => {
  it('soft-deletes a finished task and all its descendants', async () => {
    const cluster = await createCluster();
    const [root, child, grandchild] = await taskTree(cluster, 'ready');

    const res = await api.request('DELETE', `/api/v1/tasks/${root?.id}/`);

    expect(res.status).toBe(204);
    expect(res.text).toBe('');
    for (const task of [root, child, grandchild]) {
      expect(await deletedAt(task?.id ?? 0)).toBeInstanceOf(Date);
    }
    const list = await api.request('GET', `/api/v1/tasks?cluster_id=${cluster}`);
    expect(list.body).toEqual([]);
    expect((await api.request('GET', `/api/v1/tasks/${child?.id}`)).status).toBe(404);
  });

  it('stamps the deletion with the clock and keeps earlier deletions', async () => {
    const cluster = await createCluster();
    const [root, child] = await taskTree(cluster, 'error');
    const earlier = new Date('2020-01-02T03:04:05Z');
    await api.db.query('UPDATE tasks SET deleted_at = $2 WHERE id = $1', [child?.id, earlier]);
    const stamp = new Date(Math.floor(Date.now() / 1000) * 1000 + 60_000);
    api.clock.now = stamp;

    const res = await api.request('DELETE', `/api/v1/tasks/${root?.id}`);
    api.clock.now = undefined;

    expect(res.status).toBe(204);
    expect((await deletedAt(root?.id ?? 0))?.toISOString()).toBe(stamp.toISOString());
    expect((await deletedAt(child?.id ?? 0))?.toISOString()).toBe(earlier.toISOString());
  });

  it('refuses to delete a pending or running task without force', async () => {
    const cluster = await createCluster();
    const [root, child] = await taskTree(cluster, 'running');
    const pending = await insertTask(api.db, { name: 'provision', clusterId: cluster });

    const running = await api.request('DELETE', `/api/v1/tasks/${root?.id}`);
    const forceOff = await api.request('DELETE', `/api/v1/tasks/${pending.id}?force=0`);

    expect(running.status).toBe(400);
    expect(running.body).toEqual({
      message: 'You cannot delete running task manually',
      errors: [],
    });
    expect(forceOff.status).toBe(400);
    expect(await deletedAt(root?.id ?? 0)).toBeNull();
    expect(await deletedAt(child?.id ?? 0)).toBeNull();
    expect(await deletedAt(pending.id)).toBeNull();
  });

  it('deletes a running task with force', async () => {
    const cluster = await createCluster();
    const [root, child] = await taskTree(cluster, 'running');
    const pending = await insertTask(api.db, { name: 'provision', clusterId: cluster });

    const one = await api.request('DELETE', `/api/v1/tasks/${root?.id}?force=1`);
    const other = await api.request('DELETE', `/api/v1/tasks/${pending.id}?force=True`);

    expect(one.status).toBe(204);
    expect(other.status).toBe(204);
    expect(await deletedAt(child?.id ?? 0)).toBeInstanceOf(Date);
    expect(await deletedAt(pending.id)).toBeInstanceOf(Date);
  });

  it('refuses a force value that is not a boolean', async () => {
    const task = await insertTask(api.db, { name: 'provision', clusterId: null });

    const res = await api.request('DELETE', `/api/v1/tasks/${task.id}?force=maybe`);

    expect(res.status).toBe(400);
    expect(res.body.message).toBe('Invalid value of "force": maybe');
    expect(await deletedAt(task.id)).toBeNull();
  });

  it('answers 404 for an unknown or already deleted task', async () => {
    const task = await insertTask(api.db, { name: 'provision', clusterId: null, status: 'ready' });
    await api.request('DELETE', `/api/v1/tasks/${task.id}`);

    const again = await api.request('DELETE', `/api/v1/tasks/${task.id}`);
    const unknown = await api.request('DELETE', '/api/v1/tasks/2147483647');

    expect(again.status).toBe(404);
    expect(again.body.message).toBe('Task not found');
    expect(unknown.status).toBe(404);
  });

  it('answers 405 to methods the collection does not have', async () => {
    const res = await api.request('POST', '/api/v1/tasks/', { body: { name: 'deploy' } });

    expect(res.status).toBe(405);
  });
});
