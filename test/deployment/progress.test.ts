import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { insertTask } from '../../functions/core/tasks/model.js';
import { applyProgress } from '../../functions/progress/apply.js';
import { decodeRmqEvent, rmqEventSchema } from '../../functions/progress/rmq-event.js';
import { startTestApi, type TestApi } from '../support/api.js';
import { buildEnvironment, discoverNodes } from '../support/lab.js';

let api: TestApi;
beforeAll(async () => {
  api = await startTestApi();
});
afterAll(() => api.close());

/** A deployment task over two provisioned nodes, as a run would have left it. */
async function deploymentTask(name: string) {
  const ids = (await discoverNodes(api, 2)) as [number, number];
  const clusterId = await buildEnvironment(api, name, [
    { id: ids[0], roles: ['controller'] },
    { id: ids[1], roles: ['compute'] },
  ]);
  await api.db.query(
    "UPDATE nodes SET status = 'provisioned', progress = 0 WHERE id = ANY($1::int[])",
    [ids],
  );
  await api.db.query("UPDATE clusters SET status = 'deployment' WHERE id = $1", [clusterId]);
  const task = await insertTask(api.db, {
    name: 'deployment',
    clusterId,
    status: 'running',
    cache: { nodes: ids },
  });
  return { task, ids, clusterId };
}

const report = (uuid: string, nodes: object[], extra: object = {}) => ({
  method: 'deploy_resp',
  args: { task_uuid: uuid, nodes, ...extra },
});

async function node(id: number) {
  return (await api.request('GET', `/api/v1/nodes/${id}`)).body;
}

describe('progress reports', () => {
  it('raise node progress and show the node deploying', async () => {
    const { task, ids } = await deploymentTask('progress-rises');

    await applyProgress(
      api.deps,
      report(task.uuid, [{ uid: String(ids[0]), status: 'deploying', progress: 40 }]),
    );

    expect(await node(ids[0])).toMatchObject({ status: 'deploying', progress: 40 });
    expect((await api.request('GET', `/api/v1/tasks/${task.id}`)).body.progress).toBe(20);
  });

  it('are idempotent under redelivery', async () => {
    const { task, ids } = await deploymentTask('redelivery');
    const message = report(task.uuid, [{ uid: String(ids[0]), status: 'deploying', progress: 60 }]);

    await applyProgress(api.deps, message);
    await applyProgress(api.deps, message);

    expect(await node(ids[0])).toMatchObject({ status: 'deploying', progress: 60 });
  });

  it('never move a node backwards when reports arrive out of order', async () => {
    const { task, ids } = await deploymentTask('out-of-order');
    const uid = String(ids[0]);

    await applyProgress(api.deps, report(task.uuid, [{ uid, status: 'ready', progress: 100 }]));
    await applyProgress(api.deps, report(task.uuid, [{ uid, status: 'deploying', progress: 70 }]));

    expect(await node(ids[0])).toMatchObject({ status: 'ready', progress: 100 });
  });

  it('never reopen a finished task', async () => {
    const { task, ids, clusterId } = await deploymentTask('finished');
    const nodes = ids.map((id) => ({ uid: String(id), status: 'ready', progress: 100 }));

    await applyProgress(api.deps, report(task.uuid, nodes, { status: 'ready', progress: 100 }));
    await applyProgress(api.deps, report(task.uuid, [], { status: 'running', progress: 10 }));
    const shown = await api.request('GET', `/api/v1/tasks/${task.id}`);
    const cluster = await api.request('GET', `/api/v1/clusters/${clusterId}`);

    expect(shown.body).toMatchObject({ status: 'ready', progress: 100 });
    expect(shown.body.message).toBe("Deployment of environment 'finished' is done.");
    expect(cluster.body.status).toBe('operational');
  });

  it('turn a ready report with a failed node into an error', async () => {
    const { task, ids } = await deploymentTask('ready-but-failed');

    await applyProgress(
      api.deps,
      report(
        task.uuid,
        [
          {
            uid: String(ids[1]),
            status: 'error',
            progress: 100,
            error_type: 'deploy',
            error_msg: 'boom',
          },
        ],
        { status: 'ready', progress: 100 },
      ),
    );
    const shown = await api.request('GET', `/api/v1/tasks/${task.id}`);

    expect(shown.body.status).toBe('error');
    expect(shown.body.message).toMatch(/^Deployment has failed\. Check these nodes:\n'.+'$/);
  });

  it('with a progress that is not a number change the status and nothing else', async () => {
    const { task } = await deploymentTask('nan-progress');

    const outcome = await applyProgress(api.deps, report(task.uuid, [], { progress: 'abc' }));
    const shown = await api.request('GET', `/api/v1/tasks/${task.id}`);

    expect(outcome).toBe('applied');
    expect(shown.body).toMatchObject({ status: 'running', progress: 0 });
  });

  it('of a failed stop put the environment and its deploying nodes in error', async () => {
    const { task, ids, clusterId } = await deploymentTask('stop-fails');
    await api.db.query("UPDATE nodes SET status = 'deploying', progress = 40 WHERE id = $1", [
      ids[0],
    ]);
    const stop = await insertTask(api.db, {
      name: 'stop_deployment',
      clusterId,
      status: 'running',
    });

    await applyProgress(api.deps, {
      method: 'stop_deployment_resp',
      args: { task_uuid: stop.uuid, status: 'error', error: 'relay gone' },
    });
    const cluster = await api.request('GET', `/api/v1/clusters/${clusterId}`);
    const stopped = await api.request('GET', `/api/v1/tasks/${task.id}`);

    expect(cluster.body.status).toBe('error');
    expect(await node(ids[0])).toMatchObject({ status: 'error', error_type: 'stop_deployment' });
    expect(stopped.body).toMatchObject({ status: 'error', message: 'Task aborted' });
  });

  it('for an unknown task or a malformed body are dropped', async () => {
    const unknown = await applyProgress(
      api.deps,
      report('00000000-0000-0000-0000-000000000000', []),
    );
    const malformed = await applyProgress(api.deps, { method: 'deploy_resp' });
    const method = await applyProgress(api.deps, { method: 'nope', args: { task_uuid: 'x' } });

    expect([unknown, malformed, method]).toEqual(['unknown-task', 'malformed', 'unknown-method']);
  });
});

describe('the Amazon MQ event of the progress Lambda', () => {
  it('decodes base64 bodies grouped by queue', () => {
    const body = { method: 'deploy_resp', args: { task_uuid: 'u' } };
    const event = {
      eventSource: 'aws:rmq',
      eventSourceArn: 'arn:aws:mq:eu-west-1:123456789012:broker:fuel:b-1',
      rmqMessagesByQueue: {
        'nailgun::/': [
          {
            basicProperties: { contentType: 'application/json' },
            redelivered: false,
            data: Buffer.from(JSON.stringify(body)).toString('base64'),
          },
          { data: Buffer.from('not json').toString('base64') },
        ],
      },
    };

    const decoded = decodeRmqEvent(rmqEventSchema.parse(event));

    expect(decoded[0]).toEqual({ body });
    expect(decoded[1]).toHaveProperty('error');
  });
});
