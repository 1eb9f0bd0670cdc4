import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { insertDeploymentHistory } from '../../functions/core/tasks/deployment-history.js';
import { insertTask } from '../../functions/core/tasks/model.js';
import { attachTransactionData } from '../../functions/core/tasks/transaction-data.js';
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
    [`env-transactions-${clusterCount}`],
  );
  return rows[0]?.id ?? 0;
}

function ids(body: { id: number }[]): number[] {
  return body.map((t) => t.id);
}

describe('GET /transactions', () => {
  it('lists tasks with the columns fuel2 reads, without parent_id', async () => {
    const cluster = await createCluster();
    const task = await insertTask(api.db, {
      name: 'deployment',
      clusterId: cluster,
      status: 'ready',
      message: 'Deployed',
      graphType: 'default',
      dryRun: true,
    });

    const res = await api.request('GET', `/api/v1/transactions/?cluster_id=${cluster}`);

    expect(res.status).toBe(200);
    expect(res.body).toEqual([
      {
        id: task.id,
        uuid: task.uuid,
        name: 'deployment',
        status: 'ready',
        progress: 100,
        message: 'Deployed',
        result: {},
        cluster,
        dry_run: true,
        graph_type: 'default',
        time_start: expect.any(String),
        time_end: expect.any(String),
      },
    ]);
  });

  it('filters by statuses and transaction types, comma lists even when encoded', async () => {
    const cluster = await createCluster();
    const ready = await insertTask(api.db, {
      name: 'provision',
      clusterId: cluster,
      status: 'ready',
    });
    const failed = await insertTask(api.db, {
      name: 'deployment',
      clusterId: cluster,
      status: 'error',
    });
    const running = await insertTask(api.db, {
      name: 'deployment',
      clusterId: cluster,
      status: 'running',
    });
    const base = `/api/v1/transactions?cluster_id=${cluster}`;

    const byStatus = await api.request('GET', `${base}&statuses=ready%2C%20error`);
    const byType = await api.request('GET', `${base}&transaction_types=deployment`);
    const both = await api.request(
      'GET',
      `${base}&statuses=running,ready&transaction_types=deployment`,
    );
    const emptyFilters = await api.request('GET', `${base}&statuses=&transaction_types=`);

    expect(ids(byStatus.body)).toEqual([ready.id, failed.id]);
    expect(ids(byType.body)).toEqual([failed.id, running.id]);
    expect(ids(both.body)).toEqual([running.id]);
    expect(ids(emptyFilters.body)).toEqual([ready.id, failed.id, running.id]);
  });

  it('lists every environment for an empty cluster_id and leaves out deleted tasks', async () => {
    const one = await createCluster();
    const two = await createCluster();
    const first = await insertTask(api.db, { name: 'provision', clusterId: one });
    const second = await insertTask(api.db, { name: 'provision', clusterId: two });
    const gone = await insertTask(api.db, { name: 'provision', clusterId: two, status: 'ready' });
    await api.request('DELETE', `/api/v1/transactions/${gone.id}`);

    const res = await api.request('GET', '/api/transactions?cluster_id=');

    expect(res.status).toBe(200);
    expect(ids(res.body)).toEqual(expect.arrayContaining([first.id, second.id]));
    expect(ids(res.body)).not.toContain(gone.id);
  });

  it('accepts any Nailgun task name as a transaction type', async () => {
    const res = await api.request('GET', '/api/v1/transactions?transaction_types=update_dnsmasq');

    expect(res.status).toBe(200);
    expect(res.body).toEqual([]);
  });

  it('refuses unknown statuses and transaction types', async () => {
    const status = await api.request('GET', '/api/v1/transactions?statuses=ready,done');
    const type = await api.request('GET', '/api/v1/transactions?transaction_types=deploy,nope');
    const cluster = await api.request('GET', '/api/v1/transactions?cluster_id=x1');

    expect(status.status).toBe(400);
    expect(status.body.message).toBe(
      'Statuses parameter could only be one of: pending, running, ready, error',
    );
    expect(type.status).toBe(400);
    expect(type.body.message).toMatch(
      /^Transaction types parameter could only be one of: super, deploy, .*, update_dnsmasq$/,
    );
    expect(cluster.status).toBe(400);
  });
});

describe('GET /transactions/{id}', () => {
  it('shows a transaction with its uuid and message', async () => {
    const task = await insertTask(api.db, {
      name: 'dry_run_deployment',
      clusterId: null,
      status: 'error',
      message: 'Puppet failed',
    });

    const res = await api.request('GET', `/api/v1/transactions/${task.id}/`);

    expect(res.status).toBe(200);
    expect(res.body).toMatchObject({ id: task.id, uuid: task.uuid, message: 'Puppet failed' });
    expect(res.body).not.toHaveProperty('parent_id');
  });

  it('answers 404 "Transaction not found" for unknown and deleted tasks', async () => {
    const task = await insertTask(api.db, { name: 'provision', clusterId: null, status: 'ready' });
    await api.request('DELETE', `/api/v1/tasks/${task.id}`);

    const deleted = await api.request('GET', `/api/v1/transactions/${task.id}`);
    const unknown = await api.request('GET', '/api/v1/transactions/765432');

    expect(deleted.status).toBe(404);
    expect(deleted.body).toEqual({ message: 'Transaction not found', errors: [] });
    expect(unknown.status).toBe(404);
  });
});

describe('DELETE /transactions/{id}', () => {
  it('soft-deletes a finished transaction and its subtasks, as fuel2 task delete asks', async () => {
    const root = await insertTask(api.db, { name: 'deploy', clusterId: null, status: 'ready' });
    const child = await insertTask(api.db, {
      name: 'deployment',
      clusterId: null,
      parentId: root.id,
      status: 'ready',
    });

    const res = await api.request('DELETE', `/api/v1/transactions/${root.id}/?force=0`);

    const { rows } = await api.db.query<{ deleted: boolean }>(
      'SELECT deleted_at IS NOT NULL AS deleted FROM tasks WHERE id = ANY($1::int[]) ORDER BY id',
      [[root.id, child.id]],
    );
    expect(res.status).toBe(204);
    expect(rows).toEqual([{ deleted: true }, { deleted: true }]);
  });

  it('refuses a running transaction without force and changes nothing', async () => {
    const task = await insertTask(api.db, {
      name: 'deployment',
      clusterId: null,
      status: 'running',
    });

    const res = await api.request('DELETE', `/api/v1/transactions/${task.id}/?force=0`);

    const { rows } = await api.db.query('SELECT deleted_at FROM tasks WHERE id = $1', [task.id]);
    expect(res.status).toBe(400);
    expect(res.body.message).toBe('You cannot delete running task manually');
    expect(rows).toEqual([{ deleted_at: null }]);
  });

  it('answers 404 for an unknown transaction', async () => {
    const res = await api.request('DELETE', '/api/v1/transactions/876543');

    expect(res.status).toBe(404);
    expect(res.body.message).toBe('Transaction not found');
  });
});

describe('GET /transactions/{id}/<snapshot>', () => {
  it('answers {} while nothing is stored', async () => {
    const task = await insertTask(api.db, { name: 'deployment', clusterId: null });

    const info = await api.request('GET', `/api/v1/transactions/${task.id}/deployment_info`);
    const settings = await api.request('GET', `/api/v1/transactions/${task.id}/settings/`);
    const network = await api.request(
      'GET',
      `/api/v1/transactions/${task.id}/network_configuration`,
    );

    expect([info.status, settings.status, network.status]).toEqual([200, 200, 200]);
    expect([info.body, settings.body, network.body]).toEqual([{}, {}, {}]);
  });

  it('answers the snapshots the transaction recorded', async () => {
    const task = await insertTask(api.db, { name: 'deployment', clusterId: null });
    await attachTransactionData(api.db, task.id, {
      deploymentInfo: { common: { fuel_version: '10.0' }, nodes: { '1': { uid: '1' } } },
      clusterSettings: { editable: { common: {} } },
      networkSettings: { networks: [{ name: 'public' }] },
    });

    const info = await api.request('GET', `/api/v1/transactions/${task.id}/deployment_info`);
    const settings = await api.request('GET', `/api/v1/transactions/${task.id}/settings`);
    const network = await api.request(
      'GET',
      `/api/v1/transactions/${task.id}/network_configuration`,
    );

    expect(info.body).toEqual({ common: { fuel_version: '10.0' }, nodes: { '1': { uid: '1' } } });
    expect(settings.body).toEqual({ editable: { common: {} } });
    expect(network.body).toEqual({ networks: [{ name: 'public' }] });
  });

  it('answers 404 for an unknown transaction', async () => {
    const res = await api.request('GET', '/api/v1/transactions/654321/settings');

    expect(res.status).toBe(404);
    expect(res.body.message).toBe('Transaction not found');
  });
});

describe('GET /transactions/{id}/deployment_history', () => {
  async function taskWithHistory(): Promise<number> {
    const task = await insertTask(api.db, {
      name: 'deployment',
      clusterId: null,
      status: 'running',
    });
    await insertDeploymentHistory(api.db, task.id, [
      {
        nodeId: '1',
        taskName: 'hiera',
        status: 'ready',
        timeStart: new Date('2024-01-02T03:04:05.123Z'),
        timeEnd: new Date('2024-01-02T03:04:09Z'),
        custom: { type: 'puppet' },
      },
      { nodeId: '2', taskName: 'hiera', status: 'error', summary: { error: 'timeout' } },
      { nodeId: '1', taskName: 'netconfig', status: 'running' },
      { nodeId: 'master', taskName: 'upload_facts' },
    ]);
    return task.id;
  }

  it('lists every entry in recorded order', async () => {
    const id = await taskWithHistory();

    const res = await api.request('GET', `/api/v1/transactions/${id}/deployment_history/`);

    expect(res.status).toBe(200);
    expect(res.body).toHaveLength(4);
    expect(res.body[0]).toEqual({
      task_name: 'hiera',
      node_id: '1',
      status: 'ready',
      time_start: '2024-01-02T03:04:05.123000',
      time_end: '2024-01-02T03:04:09.000000',
      custom: { type: 'puppet' },
      summary: {},
    });
    expect(res.body[3]).toMatchObject({ node_id: 'master', status: 'pending', time_start: null });
  });

  it('filters by nodes, statuses and task names', async () => {
    const id = await taskWithHistory();
    const base = `/api/v1/transactions/${id}/deployment_history`;

    const byNode = await api.request('GET', `${base}?nodes=1`);
    const byStatus = await api.request('GET', `${base}?statuses=error%2Cpending`);
    const byName = await api.request('GET', `${base}?tasks_names=hiera&nodes=2,3`);

    const pairs = (body: { node_id: string; task_name: string }[]) =>
      body.map((e) => `${e.node_id}/${e.task_name}`);
    expect(pairs(byNode.body)).toEqual(['1/hiera', '1/netconfig']);
    expect(pairs(byStatus.body)).toEqual(['2/hiera', 'master/upload_facts']);
    expect(pairs(byName.body)).toEqual(['2/hiera']);
  });

  it('answers an empty list for a transaction without history', async () => {
    const task = await insertTask(api.db, { name: 'provision', clusterId: null });

    const res = await api.request('GET', `/api/v1/transactions/${task.id}/deployment_history`);

    expect(res.status).toBe(200);
    expect(res.body).toEqual([]);
  });

  it('refuses unknown statuses and unknown transactions', async () => {
    const id = await taskWithHistory();

    const status = await api.request(
      'GET',
      `/api/v1/transactions/${id}/deployment_history?statuses=ready,done`,
    );
    const unknown = await api.request('GET', '/api/v1/transactions/543210/deployment_history');

    expect(status.status).toBe(400);
    expect(status.body.message).toBe(
      'Statuses parameter could be only: pending, ready, running, error, skipped',
    );
    expect(unknown.status).toBe(404);
    expect(unknown.body.message).toBe('Transaction not found');
  });

  it('answers 405 to methods the transaction routes do not have', async () => {
    const task = await insertTask(api.db, { name: 'provision', clusterId: null });

    const post = await api.request('POST', '/api/v1/transactions', { body: {} });
    const put = await api.request('PUT', `/api/v1/transactions/${task.id}`, { body: {} });

    expect(post.status).toBe(405);
    expect(put.status).toBe(405);
  });
});
