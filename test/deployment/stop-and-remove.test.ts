import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { applyProgress } from '../../functions/progress/apply.js';
import { startTestApi, type TestApi } from '../support/api.js';
import { buildEnvironment, discoverNodes, waitForTask } from '../support/lab.js';
import { type ScriptedRelay, startScriptedRelay } from '../support/scripted-relay.js';

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

const publish = (r: { method: string; args: Record<string, unknown> }) =>
  applyProgress(api.deps, r);

async function until(check: () => Promise<boolean>, what: string): Promise<void> {
  const deadline = Date.now() + 15_000;
  while (!(await check())) {
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 50));
  }
}

async function deployed(name: string) {
  const [controller, compute] = (await discoverNodes(api, 2)) as [number, number];
  const clusterId = await buildEnvironment(api, name, [
    { id: controller, roles: ['controller'] },
    { id: compute, roles: ['compute'] },
  ]);
  return { clusterId, controller, compute };
}

describe('stop during a deployment', () => {
  it('stops the run, returns the nodes to discover and the environment to stopped', async () => {
    const env = await deployed('stop-me');
    relay = startScriptedRelay(api.runtime, { publish, holdSteps: ['node.puppet_apply'] });
    const started = await api.request('PUT', `/api/v1/clusters/${env.clusterId}/changes`);
    await until(async () => (relay?.held.length ?? 0) > 0, 'puppet to start');

    const stop = await api.request('PUT', `/api/v1/clusters/${env.clusterId}/stop_deployment`);
    relay.release();
    const stopped = await waitForTask(api, stop.body.id);
    const cluster = await api.request('GET', `/api/v1/clusters/${env.clusterId}`);
    const nodes = await api.request('GET', `/api/v1/nodes/?cluster_id=${env.clusterId}`);
    const deployTask = await api.request('GET', `/api/v1/tasks/${started.body.id}`);

    expect(stop.status).toBe(202);
    expect(stop.body.name).toBe('stop_deployment');
    expect(stopped.status).toBe('ready');
    expect(stopped.message).toBe(
      "Deployment of environment 'stop-me' was successfully stopped. Please make changes and " +
        'reset the environment if you want to redeploy it.',
    );
    expect(cluster.body.status).toBe('stopped');
    for (const node of nodes.body) {
      expect(node).toMatchObject({ status: 'discover', pending_addition: true, roles: [] });
      expect(node.pending_roles.length).toBe(1);
    }
    expect(deployTask.status).toBe(404);
  });

  it('answers 400 when nothing runs', async () => {
    const env = await deployed('nothing-runs');

    const res = await api.request('PUT', `/api/v1/clusters/${env.clusterId}/stop_deployment`);

    expect(res.status).toBe(400);
    expect(res.body.message).toBe(
      "Nothing to stop - deployment is not running on environment 'nothing-runs'",
    );
  });
});

describe('node deletion', () => {
  it('erases nodes of an environment and removes their rows', async () => {
    const env = await deployed('delete-node');
    relay = startScriptedRelay(api.runtime, { publish });

    const res = await api.request('DELETE', `/api/v1/nodes/?ids=${env.compute}`);
    const finished = await waitForTask(api, res.body.id);
    const gone = await api.request('GET', `/api/v1/nodes/${env.compute}`);
    const kept = await api.request('GET', `/api/v1/nodes/${env.controller}`);

    expect(res.status).toBe(202);
    expect(res.body.name).toBe('node_deletion');
    expect(finished.status).toBe('ready');
    expect(finished.message).toBe('Successfully removed 1 node(s). No errors occurred');
    expect(gone.status).toBe(404);
    expect(kept.status).toBe(200);
    expect(relay.log).toEqual([
      `cobbler.remove_system:${env.compute}`,
      `node.erase:${env.compute}`,
    ]);
  });
});

describe('deploying changes that only remove nodes', () => {
  it('erases them and settles the environment', async () => {
    const env = await deployed('only-removals');
    relay = startScriptedRelay(api.runtime, { publish });
    const first = await api.request('PUT', `/api/v1/clusters/${env.clusterId}/changes`);
    await waitForTask(api, first.body.id);
    await api.request('POST', `/api/v1/clusters/${env.clusterId}/unassignment`, {
      body: [{ id: env.compute }, { id: env.controller }],
    });

    const second = await api.request('PUT', `/api/v1/clusters/${env.clusterId}/changes`);
    const finished = await waitForTask(api, second.body.id);
    const cluster = await api.request('GET', `/api/v1/clusters/${env.clusterId}`);

    expect(finished.status).toBe('ready');
    expect((await api.request('GET', `/api/v1/nodes/${env.compute}`)).status).toBe(404);
    expect((await api.request('GET', `/api/v1/nodes/${env.controller}`)).status).toBe(404);
    expect(cluster.body.status).toBe('operational');
    expect(cluster.body.changes).toEqual([]);
  });
});

describe('environment deletion', () => {
  it('erases every node, then deletes the environment', async () => {
    const env = await deployed('delete-env');
    relay = startScriptedRelay(api.runtime, { publish });

    const res = await api.request('DELETE', `/api/v1/clusters/${env.clusterId}`);
    const finished = await waitForTask(api, res.body.id);
    const cluster = await api.request('GET', `/api/v1/clusters/${env.clusterId}`);
    const nodes = await api.db.query('SELECT id FROM nodes WHERE id = ANY($1::int[])', [
      [env.controller, env.compute],
    ]);
    const notes = await api.request('GET', '/api/v1/notifications');

    expect(res.status).toBe(202);
    expect(finished.status).toBe('ready');
    expect(cluster.status).toBe(404);
    expect(nodes.rows).toEqual([]);
    expect(notes.body.map((n: { message: string }) => n.message)).toContain(
      "Environment 'delete-env' and all its nodes are deleted",
    );
  });
});
