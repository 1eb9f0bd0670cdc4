import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { applyProgress } from '../../functions/progress/apply.js';
import { RELAY_ERRORS } from '../../statemachines/contracts/step-result.js';
import { startTestApi, type TestApi } from '../support/api.js';
import { buildEnvironment, discoverNodes, waitForTask } from '../support/lab.js';
import {
  type InjectedFailure,
  type ScriptedRelay,
  startScriptedRelay,
} from '../support/scripted-relay.js';

let api: TestApi;
let relay: ScriptedRelay | undefined;
beforeAll(async () => {
  api = await startTestApi();
});
afterEach(async () => {
  await relay?.stop();
  relay = undefined;
});
afterAll(() => api.close());

async function environment(name: string) {
  const [controller, compute] = (await discoverNodes(api, 2)) as [number, number];
  const clusterId = await buildEnvironment(api, name, [
    { id: controller, roles: ['controller'] },
    { id: compute, roles: ['compute'] },
  ]);
  return { clusterId, controller, compute };
}

function relayWith(failures: InjectedFailure[]) {
  relay = startScriptedRelay(api.runtime, { publish: (r) => applyProgress(api.deps, r), failures });
  return relay;
}

describe('a provisioning failure on one node', () => {
  it('fails the run, marks the node error(provision), skips deployment', async () => {
    const env = await environment('provision-fails');
    const used = relayWith([
      {
        step: 'node.wait_provisioned',
        nodeId: env.compute,
        error: RELAY_ERRORS.provisionFailed,
        message: 'Timeout of provisioning is exceeded',
        errorType: 'provision',
      },
    ]);

    const started = await api.request('PUT', `/api/v1/clusters/${env.clusterId}/changes`);
    const finished = await waitForTask(api, started.body.id);
    const node = await api.request('GET', `/api/v1/nodes/${env.compute}`);
    const cluster = await api.request('GET', `/api/v1/clusters/${env.clusterId}`);
    const tasks = await api.request('GET', `/api/v1/tasks/?cluster_id=${env.clusterId}`);

    expect(finished.status).toBe('error');
    expect(finished.message).toContain('Provision has failed.');
    expect(node.body).toMatchObject({ status: 'error', error_type: 'provision' });
    expect(cluster.body.status).toBe('error');
    expect(tasks.body.find((t: { name: string }) => t.name === 'deployment')).toMatchObject({
      status: 'error',
      message: 'Task aborted',
    });
    expect(used.log.some((s) => s.startsWith('node.puppet_apply'))).toBe(false);
  });
});

describe('a deployment failure', () => {
  it('fails the run with the error text and the failed node named', async () => {
    const env = await environment('deploy-fails');
    relayWith([
      {
        step: 'node.puppet_apply',
        nodeId: env.controller,
        error: RELAY_ERRORS.puppetFailed,
        message: 'Puppet run failed: 2 resources failed (Exec[keystone-manage])',
        errorType: 'deploy',
      },
    ]);

    const started = await api.request('PUT', `/api/v1/clusters/${env.clusterId}/changes`);
    const finished = await waitForTask(api, started.body.id);
    const controller = await api.request('GET', `/api/v1/nodes/${env.controller}`);
    const compute = await api.request('GET', `/api/v1/nodes/${env.compute}`);
    const notes = await api.request('GET', '/api/v1/notifications');

    expect(finished.status).toBe('error');
    expect(finished.message).toContain('Deployment has failed.');
    expect(controller.body).toMatchObject({ status: 'error', error_type: 'deploy', progress: 100 });
    expect(compute.body.status).not.toBe('ready');
    expect(notes.body.map((n: { message: string }) => n.message)).toContainEqual(
      expect.stringContaining('Puppet run failed: 2 resources failed'),
    );
  });

  it('is retried from the failed step without redoing what succeeded', async () => {
    const env = await environment('redrive');
    relayWith([
      {
        step: 'node.puppet_apply',
        nodeId: env.controller,
        error: RELAY_ERRORS.puppetFailed,
        message: 'Puppet run failed once',
        times: 1,
      },
    ]);
    const started = await api.request('PUT', `/api/v1/clusters/${env.clusterId}/changes`);
    const failed = await waitForTask(api, started.body.id);
    const stepsBefore = [...(relay?.log ?? [])];

    const retried = await api.request('PUT', `/api/v1/clusters/${env.clusterId}/retry`);
    const finished = await waitForTask(api, started.body.id);
    const again = (relay?.log ?? []).slice(stepsBefore.length);
    const cluster = await api.request('GET', `/api/v1/clusters/${env.clusterId}`);

    expect(failed.status).toBe('error');
    expect(retried.status).toBe(202);
    expect(finished.status).toBe('ready');
    expect(cluster.body.status).toBe('operational');
    expect(again).not.toContain(`cobbler.upsert_system:${env.controller}`);
    expect(again).not.toContain(`node.wait_provisioned:${env.compute}`);
    expect(again).toContain(`node.puppet_apply:${env.controller}`);
  });

  it('refuses a retry when nothing failed', async () => {
    const { clusterId } = await environment('nothing-to-retry');

    const res = await api.request('PUT', `/api/v1/clusters/${clusterId}/retry`);

    expect(res.status).toBe(400);
    expect(res.body.message).toBe('There is no failed deployment to retry in this environment');
  });
});

describe('pre-deployment checks', () => {
  it('end the task in error and leave the environment new', async () => {
    const [a, b] = (await discoverNodes(api, 2)) as [number, number];
    const clusterId = await buildEnvironment(api, 'offline-node', [
      { id: a, roles: ['controller'] },
      { id: b, roles: ['compute'] },
    ]);
    await api.db.query('UPDATE nodes SET online = false WHERE id = $1', [b]);

    const res = await api.request('PUT', `/api/v1/clusters/${clusterId}/changes`);
    const cluster = await api.request('GET', `/api/v1/clusters/${clusterId}`);

    expect(res.status).toBe(200);
    expect(res.body.status).toBe('error');
    expect(res.body.message).toMatch(
      /^Nodes ".* \(id=\d+, mac=[0-9a-f:]+\)" are offline\. Remove them from environment and try again\.$/,
    );
    expect(cluster.body.status).toBe('new');
  });

  it('refuse a second run while one is active', async () => {
    const env = await environment('busy');
    await api.db.query(
      "INSERT INTO tasks (name, cluster_id, status) VALUES ('deploy', $1, 'running')",
      [env.clusterId],
    );

    const res = await api.request('PUT', `/api/v1/clusters/${env.clusterId}/changes`);

    expect(res.status).toBe(400);
    expect(res.headers.get('content-type')).toContain('text/plain');
    expect(res.body.message).toBe(
      'Cannot perform the actions because there are another running tasks.',
    );
  });

  it('refuse an environment with nothing to deploy', async () => {
    const created = await api.request('POST', '/api/v1/clusters/', {
      body: { name: 'empty-env', release_id: 1 },
    });

    const res = await api.request('PUT', `/api/v1/clusters/${created.body.id}/changes`);

    expect(res.status).toBe(400);
    expect(res.body.message).toBe('No changes to deploy');
  });
});
