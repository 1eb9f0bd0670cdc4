import type { TestApi } from '../../support/api.js';
import { insertDiscoveredNodes } from './discovered-nodes.js';

/** An environment of the benchmark: one controller, the other nodes computes. */
export interface BenchEnvironment {
  clusterId: number;
  nodeIds: number[];
}

/**
 * Networks large enough for 1,000 nodes: the release's defaults are /24s, and an operator
 * deploying that many nodes widens them the same way, through the network configuration.
 */
const WIDE_NETWORKS = { management: '10.30.0.0/21', storage: '10.40.0.0/21' } as const;

async function widenNetworks(api: TestApi, clusterId: number): Promise<void> {
  const path = `/api/v1/clusters/${clusterId}/network_configuration/neutron`;
  const current = await api.request<{ networks: { id: number; name: string }[] }>('GET', path);
  const networks = current.body.networks.flatMap((n) => {
    const cidr = WIDE_NETWORKS[n.name as keyof typeof WIDE_NETWORKS];
    return cidr ? [{ id: n.id, cidr }] : [];
  });
  const changed = await api.request('PUT', path, { body: { networks } });
  if (changed.status !== 200) {
    throw new Error(`network change failed: ${changed.status} ${changed.text}`);
  }
}

let nextNodeNumber = 1;

/**
 * Builds an environment of `size` nodes on the seeded release, as an operator would after
 * discovery: nodes inserted in bulk (see {@link insertDiscoveredNodes}), the environment
 * created, its networks widened and the roles assigned through the API.
 */
export async function buildBenchEnvironment(
  api: TestApi,
  name: string,
  size: number,
): Promise<BenchEnvironment> {
  const nodeIds = await insertDiscoveredNodes(api.db, nextNodeNumber, size);
  nextNodeNumber += size;
  const assignments = nodeIds.map((id, i) => ({ id, roles: [i === 0 ? 'controller' : 'compute'] }));
  const created = await api.request<{ id: number }>('POST', '/api/v1/clusters/', {
    body: { name, release_id: 1 },
  });
  if (created.status !== 201) {
    throw new Error(`environment create failed: ${created.status} ${created.text}`);
  }
  const clusterId = created.body.id;
  await widenNetworks(api, clusterId);
  const assigned = await api.request('POST', `/api/v1/clusters/${clusterId}/assignment/`, {
    body: assignments,
  });
  if (assigned.status !== 200) {
    throw new Error(`assignment failed: ${assigned.status} ${assigned.text}`);
  }

  return { clusterId, nodeIds };
}
