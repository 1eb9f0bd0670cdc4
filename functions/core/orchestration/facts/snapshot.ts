import type { Queryable } from '../../../db/database.js';
import { findAdminNetwork } from '../../clusters/admin-network.js';
import type { ClusterRow } from '../../clusters/model.js';
import { listClusterNetworks, type NetworkGroupRow } from '../../clusters/network-groups.js';
import { getCluster } from '../../clusters/repository.js';
import type { CoreSettings } from '../../context.js';
import { effectiveAssignmentsByNode } from '../../nics/effective-assignments.js';
import type { InterfaceAssignment } from '../../nics/model.js';
import type { NodeRow } from '../../nodes/model.js';
import { listNodes } from '../../nodes/repository.js';
import { getRelease, type ReleaseRow } from '../../releases/repository.js';
import { type AddressBook, allocateAddresses } from './ip-allocation.js';

/** Everything facts are computed from, loaded once per deployment in a fixed number of queries. */
export interface ClusterSnapshot {
  settings: CoreSettings;
  cluster: ClusterRow;
  release: ReleaseRow;
  networks: NetworkGroupRow[];
  admin: NetworkGroupRow | undefined;
  nodes: NodeRow[];
  assignments: Map<number, InterfaceAssignment[]>;
  addresses: AddressBook;
  /** BMC power settings per node (`nodes.attributes.power`), where an operator gave them. */
  power: Map<number, unknown>;
}

/**
 * Loads an environment for serialization and gives `deployNodeIds` their addresses (stored, so
 * that they keep them). Call it inside the transaction that starts the deployment.
 */
export async function loadSnapshot(
  tx: Queryable,
  settings: CoreSettings,
  clusterId: number,
  deployNodeIds: number[],
  storeAddresses = true,
): Promise<ClusterSnapshot> {
  const cluster = await getCluster(tx, clusterId);
  // One after the other: inside a transaction all queries share one connection.
  const release = await getRelease(tx, cluster.release_id);
  const networks = await listClusterNetworks(tx, clusterId);
  const admin = await findAdminNetwork(tx);
  const nodes = await listNodes(tx, clusterId);
  const assignments = await effectiveAssignmentsByNode(
    tx,
    nodes.map((n) => n.id),
  );
  const wanted = new Set(deployNodeIds);
  const assignAll = editableValue(cluster, 'public_network_assignment', 'assign_to_all_nodes');
  const addresses = await allocateAddresses(
    tx,
    networks,
    nodes
      .filter((n) => wanted.has(n.id))
      .map((n) => ({ nodeId: n.id, public: assignAll === true || needsPublic(release, n) })),
    storeAddresses,
  );

  const power = await tx.query<{ id: number; power: unknown }>(
    `SELECT id, attributes -> 'power' AS power FROM nodes
     WHERE cluster_id = $1 AND attributes ? 'power'`,
    [clusterId],
  );

  return {
    settings,
    cluster,
    release,
    networks,
    admin,
    nodes,
    assignments,
    addresses,
    power: new Map(power.rows.map((r) => [r.id, r.power])),
  };
}

/** The node's roles once the deployment has merged its pending roles. */
export function deployedRoles(node: Pick<NodeRow, 'roles' | 'pending_roles'>): string[] {
  return [...new Set([...node.roles, ...node.pending_roles])];
}

function needsPublic(release: ReleaseRow, node: NodeRow): boolean {
  return deployedRoles(node).some(
    (role) => release.roles_metadata[role]?.public_ip_required === true,
  );
}

/** `editable.<group>.<attr>.value` of an environment. */
export function editableValue(cluster: ClusterRow, group: string, attr: string): unknown {
  const groupValue = (cluster.editable_attributes as Record<string, unknown>)[group];
  if (typeof groupValue !== 'object' || groupValue === null) return undefined;
  const attrValue = (groupValue as Record<string, unknown>)[attr];
  if (typeof attrValue !== 'object' || attrValue === null) return undefined;
  return (attrValue as { value?: unknown }).value;
}
