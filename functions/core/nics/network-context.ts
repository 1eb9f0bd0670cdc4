import type { Queryable } from '../../db/database.js';
import { byMapPriority, type NetworkRow, type NicRow, PUBLIC_NETWORK_NAME } from './model.js';
import {
  type ClusterPublicRules,
  findAdminNetwork,
  findNicNodes,
  listClusterNetworks,
  listClusterPublicRules,
  listNics,
  listNodegroups,
  listStoredAssignments,
  type NicNodeRow,
  type NodegroupRow,
  type StoredAssignmentRow,
} from './repository.js';

/** Nailgun's name for a node group that has no row of its own. */
const DEFAULT_GROUP_NAME = 'default';

/** Everything needed to answer or change the NIC assignment of one node. */
export interface NodeNetworkContext {
  node: NicNodeRow;
  /** The node's NICs ordered by name. */
  nics: NicRow[];
  /** The boot NIC: flagged `pxe`, else the NIC with the node's MAC, else the first NIC. */
  pxeNic: NicRow | undefined;
  admin: NetworkRow | undefined;
  /** The networks the node must carry (the admin network and its node group's), by priority. */
  required: NetworkRow[];
  /** Networks of the node group the node may not carry (public when its roles need none). */
  forbidden: NetworkRow[];
  /** Name of the node group, for error texts. */
  groupName: string;
  stored: StoredAssignmentRow[];
}

/** What the contexts of a batch of nodes are built from, each fetched once for the batch. */
interface Sources {
  nicsByNode: Map<number, NicRow[]>;
  storedByNic: Map<number, StoredAssignmentRow[]>;
  admin: NetworkRow | undefined;
  networks: NetworkRow[];
  groups: NodegroupRow[];
  rules: ClusterPublicRules[];
}

/**
 * Loads the network context of several nodes with a fixed number of queries. Unknown ids are
 * absent from the map. `lock` takes the node rows for the rest of the transaction.
 */
export async function loadNetworkContexts(
  db: Queryable,
  nodeIds: number[],
  lock = false,
): Promise<Map<number, NodeNetworkContext>> {
  const nodes = await findNicNodes(db, nodeIds, lock);
  const sources = await loadSources(db, nodes);
  return new Map(nodes.map((node) => [node.id, buildContext(node, sources)]));
}

async function loadSources(db: Queryable, nodes: NicNodeRow[]): Promise<Sources> {
  const ids = nodes.map((n) => n.id);
  const clusterIds = [
    ...new Set(nodes.flatMap((n) => (n.cluster_id === null ? [] : [n.cluster_id]))),
  ];
  // One query at a time: a transaction's client runs them one after the other anyway.
  const nics = await listNics(db, ids);
  const stored = await listStoredAssignments(db, ids);
  return {
    nicsByNode: groupBy(nics, (nic) => nic.node_id),
    storedByNic: groupBy(stored, (row) => row.interface_id),
    admin: await findAdminNetwork(db),
    networks: await listClusterNetworks(db, clusterIds),
    groups: await listNodegroups(db, clusterIds),
    rules: await listClusterPublicRules(db, clusterIds),
  };
}

function buildContext(node: NicNodeRow, sources: Sources): NodeNetworkContext {
  const { admin } = sources;
  const nics = sources.nicsByNode.get(node.id) ?? [];
  const group = pickGroup(node, sources.groups);
  const groupNetworks = sources.networks.filter((net) => inGroup(net, node, group));
  const rules = sources.rules.find((r) => r.id === node.cluster_id);
  const forbidden = shouldHavePublic(node, rules)
    ? []
    : groupNetworks.filter((net) => net.name === PUBLIC_NETWORK_NAME);
  const allowed = groupNetworks.filter((net) => !forbidden.includes(net));
  return {
    node,
    nics,
    pxeNic: pickPxeNic(node, nics),
    admin,
    required: [...(admin ? [admin] : []), ...allowed].sort(byMapPriority),
    forbidden,
    groupName: group?.name ?? DEFAULT_GROUP_NAME,
    stored: nics.flatMap((nic) => sources.storedByNic.get(nic.id) ?? []),
  };
}

function groupBy<T>(items: T[], key: (item: T) => number): Map<number, T[]> {
  const groups = new Map<number, T[]>();
  for (const item of items) {
    const list = groups.get(key(item));
    if (list) list.push(item);
    else groups.set(key(item), [item]);
  }
  return groups;
}

function pickPxeNic(node: NicNodeRow, nics: NicRow[]): NicRow | undefined {
  const mac = node.mac.toLowerCase();
  return nics.find((n) => n.pxe) ?? nics.find((n) => n.mac.toLowerCase() === mac) ?? nics[0];
}

/** The node's own group, else the environment's default group (the first when none is marked). */
function pickGroup(node: NicNodeRow, groups: NodegroupRow[]): NodegroupRow | undefined {
  if (node.cluster_id === null) return undefined;
  const own = groups.filter((g) => g.cluster_id === node.cluster_id);
  return own.find((g) => g.id === node.group_id) ?? own[0];
}

function inGroup(net: NetworkRow, node: NicNodeRow, group: NodegroupRow | undefined): boolean {
  if (node.cluster_id === null || net.cluster_id !== node.cluster_id) return false;
  return net.group_id === null || net.group_id === group?.id;
}

/**
 * Nailgun's Node.should_have_public: every node when the setting asks for it, else nodes with a
 * role that needs a public address, or (with Neutron DVR) a role that needs public access.
 */
function shouldHavePublic(node: NicNodeRow, rules: ClusterPublicRules | undefined): boolean {
  if (!rules) return false;
  if (rules.public_to_all) return true;
  const roles = [...node.roles, ...node.pending_roles];
  if (roles.some((role) => rules.public_roles.includes(role))) return true;
  return rules.dvr && roles.some((role) => rules.dvr_public_roles.includes(role));
}
