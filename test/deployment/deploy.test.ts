import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { applyProgress } from '../../functions/progress/apply.js';
import { startTestApi, type TestApi } from '../support/api.js';
import { buildEnvironment, discoverNodes, waitForTask } from '../support/lab.js';
import { type ScriptedRelay, startScriptedRelay } from '../support/scripted-relay.js';

let api: TestApi;
let relay: ScriptedRelay | undefined;
beforeAll(async () => {
  api = await startTestApi();
});
afterAll(async () => {
  await relay?.stop();
  await api.close();
});

describe('a full deployment of a 3-node environment', () => {
  it('provisions and deploys every node and ends operational', async () => {
    const [controller, computeA, computeB] = await discoverNodes(api, 3);
    const clusterId = await buildEnvironment(api, 'full-deploy', [
      { id: controller as number, roles: ['controller'] },
      { id: computeA as number, roles: ['compute'] },
      { id: computeB as number, roles: ['compute'] },
    ]);
    relay = startScriptedRelay(api.runtime, { publish: (r) => applyProgress(api.deps, r) });

    const started = await api.request('PUT', `/api/v1/clusters/${clusterId}/changes`);
    const finished = await waitForTask(api, started.body.id);
    const cluster = await api.request('GET', `/api/v1/clusters/${clusterId}/`);
    const nodes = await api.request('GET', `/api/v1/nodes/?cluster_id=${clusterId}`);
    const tasks = await api.request('GET', `/api/v1/tasks/?cluster_id=${clusterId}`);

    expect(started.body.message ?? null).toBeNull();
    expect(started.status).toBe(202);
    expect(started.body.name).toBe('deploy');
    expect(finished.status).toBe('ready');
    expect(finished.message).toBe(
      "Provision of environment 'full-deploy' is done.\nDeployment of environment 'full-deploy' is done.",
    );
    expect(cluster.body.status).toBe('operational');
    expect(
      nodes.body.map((n: { status: string; progress: number }) => [n.status, n.progress]),
    ).toEqual([
      ['ready', 100],
      ['ready', 100],
      ['ready', 100],
    ]);
    expect(
      tasks.body.map((t: { name: string; status: string }) => `${t.name}:${t.status}`),
    ).toEqual(['deploy:ready', 'provision:ready', 'deployment:ready']);
    const puppet = relay.log.filter((s) => s.startsWith('node.puppet_apply'));
    expect(puppet[0]).toBe(`node.puppet_apply:${controller}`);
  });
});
