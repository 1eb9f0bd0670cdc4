import type { Database, Queryable } from '../../db/database.js';
import { InvalidData, NotAllowed, NotFound } from '../errors.js';
import { findAdminNetwork } from './admin-network.js';
import { addClusterChange } from './changes.js';
import { type ClusterRow, isLocked, type JsonObject, type NetProvider } from './model.js';
import { listClusterNetworks, type NetworkGroupRow, updateNetworkGroup } from './network-groups.js';
import type { NetworkConfigurationUpdate } from './network-input.js';
import { mergeNetworks } from './network-merge.js';
import {
  type NetworkConfigurationJson,
  serializeNetworkConfiguration,
} from './network-serialize.js';
import { assertValidNetworkConfiguration } from './network-validation.js';
import { getCluster, lockCluster, updateCluster } from './repository.js';

/** Networking parameters fixed when the environment is created. */
const FIXED_PARAMETERS = ['segmentation_type', 'net_l23_provider'] as const;

function checkProvider(cluster: ClusterRow, provider: NetProvider): void {
  if (cluster.net_provider !== provider) {
    throw new InvalidData(`Wrong net provider - environment uses '${cluster.net_provider}'`);
  }
}

async function readConfiguration(
  db: Queryable,
  cluster: ClusterRow,
): Promise<NetworkConfigurationJson> {
  const networks = await listClusterNetworks(db, cluster.id);
  return serializeNetworkConfiguration(cluster, networks, await findAdminNetwork(db));
}

/** GET /clusters/{id}/network_configuration/<provider>. */
export async function getNetworkConfiguration(
  db: Queryable,
  clusterId: number,
  provider: NetProvider,
): Promise<NetworkConfigurationJson> {
  const cluster = await getCluster(db, clusterId);
  checkProvider(cluster, provider);
  return readConfiguration(db, cluster);
}

/**
 * PUT /clusters/{id}/network_configuration/neutron: applies a partial configuration after
 * checking the whole result; nothing is written unless every check passes.
 */
export async function updateNeutronConfiguration(
  db: Database,
  clusterId: number,
  update: NetworkConfigurationUpdate,
): Promise<NetworkConfigurationJson> {
  return db.transaction(async (tx) => {
    const cluster = await lockCluster(tx, clusterId);
    checkProvider(cluster, 'neutron');
    const stored = await listClusterNetworks(tx, clusterId);
    const admin = await findAdminNetwork(tx);
    const networks = mergeNetworks(stored, admin, update.networks ?? []);
    const parameters = mergeParameters(cluster.networking_parameters, update);
    if (isLocked(cluster.status)) {
      throw new NotAllowed(
        'Network configuration cannot be changed during deployment and after upgrade.',
      );
    }
    assertValidNetworkConfiguration(admin ? [...networks, admin] : networks, parameters);

    await writeNetworks(tx, stored, networks);
    const updated = await updateCluster(tx, clusterId, { networking_parameters: parameters });
    await addClusterChange(tx, clusterId, 'networks');
    return readConfiguration(tx, updated);
  });
}

function mergeParameters(stored: JsonObject, update: NetworkConfigurationUpdate): JsonObject {
  const given = update.networking_parameters ?? {};
  for (const key of FIXED_PARAMETERS) {
    if (key in given && given[key] !== stored[key]) {
      throw new InvalidData(`Change of '${key}' is prohibited`);
    }
  }
  return { ...stored, ...given };
}

async function writeNetworks(
  tx: Queryable,
  before: NetworkGroupRow[],
  after: NetworkGroupRow[],
): Promise<void> {
  for (const network of after) {
    const old = before.find((candidate) => candidate.id === network.id);
    if (old && JSON.stringify(old) === JSON.stringify(network)) continue;
    await updateNetworkGroup(tx, network.id, network);
  }
}

/** GET /clusters/{id}/network_configuration/deployed: what the last deployment used. */
export async function getDeployedNetworkConfiguration(
  db: Queryable,
  clusterId: number,
): Promise<JsonObject> {
  const cluster = await getCluster(db, clusterId);
  if (cluster.deployed_network_configuration === null) {
    throw new NotFound('Cluster does not have deployed configuration!');
  }
  return cluster.deployed_network_configuration;
}
