import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { getSystemType } from '../../agent/relay/drivers/mcollective/index.js';
import type { SimulatedSite } from '../../infra/local/embedded/simulated-site.js';
import type { VirtualNode } from '../../infra/local/lab/index.js';
import { type LabResponse, type LabStack, startLabStack } from './support/lab-stack.js';

interface ApiNode {
  id: number;
  mac: string;
  status: string;
  progress: number;
  online: boolean;
  roles: string[];
}

interface ApiTask {
  id: number;
  name: string;
  status: string;
  progress: number;
  message: string | null;
}

let stack: LabStack;
beforeAll(async () => {
  stack = await startLabStack({ nodes: 5, speed: 'instant' });
  await stack.until('5 nodes registered', async () => {
    const { body } = await stack.request('GET', '/api/v1/nodes/');
    return body?.length === 5 ? true : undefined;
  });
}, 60_000);
afterAll(async () => {
  await stack?.close();
});

function labNode(index: number): VirtualNode {
  const node = stack.embedded.lab?.nodes[index - 1];
  if (node === undefined) throw new Error(`no lab node ${index}`);
  return node;
}

/** The API's node for lab node `index`, found by its PXE MAC. */
async function apiNode(index: number): Promise<ApiNode> {
  const { body } = await stack.request('GET', '/api/v1/nodes/');
  const node = (body as ApiNode[]).find((n) => n.mac === labNode(index).macs[0]);
  if (node === undefined) throw new Error(`lab node ${index} not registered`);
  return node;
}

function expectStatus(response: LabResponse, status: number): LabResponse {
  if (response.status !== status) {
    throw new Error(`expected ${status}, got ${response.status}: ${JSON.stringify(response.body)}`);
  }
  return response;
}

/** An environment on the seeded release with lab nodes given roles; answers its id. */
async function environment(name: string, roles: Array<[index: number, role: string]>) {
  const created = expectStatus(
    await stack.request('POST', '/api/v1/clusters/', { name, release_id: 1 }),
    201,
  );
  const assignments = await Promise.all(
    roles.map(async ([index, role]) => ({ id: (await apiNode(index)).id, roles: [role] })),
  );
  expectStatus(
    await stack.request('POST', `/api/v1/clusters/${created.body.id}/assignment/`, assignments),
    200,
  );
  return created.body.id as number;
}

/** Starts a run with `PUT <path>` and waits for its task to end. */
async function run(path: string): Promise<ApiTask> {
  const started = expectStatus(await stack.request('PUT', path), 202);
  return stack.until(
    `task ${started.body.id} ended`,
    async () => {
      const { body } = await stack.request('GET', `/api/v1/tasks/${started.body.id}/`);
      return body.status === 'ready' || body.status === 'error' ? (body as ApiTask) : undefined;
    },
    60_000,
  );
}

describe('a deployment of 1 controller and 2 computes on the lab (instant speed)', () => {
  let clusterId: number;
  let task: ApiTask;
  beforeAll(async () => {
    clusterId = await environment('lab-deploy', [
      [1, 'controller'],
      [2, 'compute'],
      [3, 'compute'],
    ]);
    task = await run(`/api/v1/clusters/${clusterId}/changes`);
  }, 90_000);

  it('ends operational with every node ready at 100%', async () => {
    const cluster = await stack.request('GET', `/api/v1/clusters/${clusterId}/`);
    const nodes = await stack.request('GET', `/api/v1/nodes/?cluster_id=${clusterId}`);

    expect(task.status).toBe('ready');
    expect(task.message).toBe(
      "Provision of environment 'lab-deploy' is done.\n" +
        "Deployment of environment 'lab-deploy' is done.",
    );
    expect(cluster.body.status).toBe('operational');
    expect(nodes.body.map((n: ApiNode) => [n.status, n.progress, n.online])).toEqual([
      ['ready', 100, true],
      ['ready', 100, true],
      ['ready', 100, true],
    ]);
  });

  it('leaves each node running its installed system, deployed by one Puppet run', () => {
    const nodes = [1, 2, 3].map(labNode);

    expect(nodes.map((node) => [node.system, node.installed, node.puppet.runs])).toEqual([
      ['target', true, 1],
      ['target', true, 1],
      ['target', true, 1],
    ]);
    expect(nodes.every((node) => node.files.has('/etc/astute.yaml'))).toBe(true);
    expect(labNode(1).files.get('/etc/astute.yaml')?.content).toMatch(/^role: controller$/m);
    expect(stack.embedded.relay.site?.cobbler.state.systems.size).toBe(3);
  });

  it('brings a node rebooted through Cobbler’s power management back as provisioned', async () => {
    const site = simulatedSite();
    const node = labNode(2);
    const { id } = await apiNode(2);
    const boots = node.boots;

    await site.cobblerDriver.power([`node-${id}`], 'reboot');
    await stack.until('node back', async () => (node.boots > boots && node.answering) || undefined);
    await stack.embedded.lab?.reportAll();
    const type = await getSystemType(site.mco, String(id));
    const after = await apiNode(2);

    expect(site.cobbler.state.machine(`node-${id}`).reboots).toBe(1);
    expect(type).toBe('target');
    expect(node.tree.read('/etc/nailgun_systemtype')).toBe('target');
    expect([after.status, after.online, after.roles]).toEqual(['ready', true, ['compute']]);
  });
});

describe('a reset of a provisioned environment on the lab', () => {
  it('erases its nodes, which boot the discovery image and register again', async () => {
    const clusterId = await environment('lab-reset', [
      [4, 'controller'],
      [5, 'compute'],
    ]);
    const provisioned = await run(`/api/v1/clusters/${clusterId}/provision`);
    const installed = [4, 5].map((index) => labNode(index).system);

    const reset = await run(`/api/v1/clusters/${clusterId}/reset`);
    await stack.until(
      'nodes back in discovery',
      async () => [4, 5].every((index) => labNode(index).identity !== undefined) || undefined,
    );
    const nodes = await Promise.all([4, 5].map(apiNode));

    expect(provisioned.status).toBe('ready');
    expect(installed).toEqual(['target', 'target']);
    expect(reset.status).toBe('ready');
    expect([4, 5].map((index) => labNode(index).system)).toEqual(['bootstrap', 'bootstrap']);
    expect(nodes.map((n) => [n.status, n.online])).toEqual([
      ['discover', true],
      ['discover', true],
    ]);
    expect([4, 5].map((index) => labNode(index).identity)).toEqual(nodes.map((n) => String(n.id)));
  });
});

function simulatedSite(): SimulatedSite {
  const site = stack.embedded.relay.site;
  if (site === undefined) throw new Error('the embedded relay runs no simulated site');
  return site;
}
