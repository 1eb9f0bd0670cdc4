import type { Database, Queryable } from '../../db/database.js';
import { InvalidData, notFound } from '../errors.js';
import { defaultAssignment } from './default-assignment.js';
import { effectiveAssignments } from './effective-assignments.js';
import type { InterfaceAssignment } from './model.js';
import { loadNetworkContexts, type NodeNetworkContext } from './network-context.js';
import { addInterfacesChange, listClusterNodeIds, replaceAssignments } from './repository.js';
import { parseRequestedNics, parseRequestedNodes, show } from './request.js';
import { type NicJson, serializeInterface } from './serialize.js';
import { validateAssignment } from './validate-assignment.js';

/** The answer of the bulk PUT: each node with its new interface list. */
export interface NodeInterfacesJson {
  id: number;
  interfaces: NicJson[];
}

/** `GET /nodes/{id}/interfaces`: the NICs by name with what they carry now. */
export async function listNodeInterfaces(db: Queryable, nodeId: number): Promise<NicJson[]> {
  return (await effectiveAssignments(db, nodeId)).map(serializeInterface);
}

/** `GET /nodes/{id}/interfaces/default_assignment`: the NICs with the default assignment. */
export async function defaultNodeInterfaces(db: Queryable, nodeId: number): Promise<NicJson[]> {
  const context = (await loadNetworkContexts(db, [nodeId])).get(nodeId);
  if (!context) throw notFound('Node');
  return defaultAssignment(context).map(serializeInterface);
}

/**
 * `GET /nodes/interfaces/default_assignment`: the default lists of the nodes in an environment
 * (in `clusterId` when given), by node id. Nodes outside environments are left out, as in Nailgun.
 */
export async function defaultInterfacesOfClusterNodes(
  db: Queryable,
  clusterId: number | undefined,
): Promise<NicJson[][]> {
  const ids = await listClusterNodeIds(db, clusterId);
  const contexts = await loadNetworkContexts(db, ids);
  return [...contexts.values()].map((context) =>
    defaultAssignment(context).map(serializeInterface),
  );
}

/** `PUT /nodes/{id}/interfaces`: checks and stores the whole assignment of one node. */
export async function updateNodeInterfaces(
  db: Database,
  nodeId: number,
  items: unknown[],
): Promise<NicJson[]> {
  const request = parseRequestedNics(nodeId, items);
  return db.transaction(async (tx) => {
    const context = (await loadNetworkContexts(tx, [nodeId], true)).get(nodeId);
    if (!context) throw notFound('Node');
    const assignment = validateAssignment(context, request);
    await store(tx, context, assignment);
    return assignment.map(serializeInterface);
  });
}

/** `PUT /nodes/interfaces`: like {@link updateNodeInterfaces} for several nodes, all or nothing. */
export async function updateInterfacesBulk(
  db: Database,
  items: unknown[],
): Promise<NodeInterfacesJson[]> {
  const request = parseRequestedNodes(items);
  const ids = request.map((entry) => nodeIdOf(entry.id));
  const duplicate = ids.find((id, index) => ids.indexOf(id) !== index);
  if (duplicate !== undefined)
    throw new InvalidData(`Node '${duplicate}' is listed more than once`);
  return db.transaction(async (tx) => {
    const contexts = await loadNetworkContexts(tx, ids, true);
    const checked = request.map((entry, index) => {
      const context = contexts.get(ids[index] ?? 0);
      if (!context) throw new InvalidData(`There is no node with ID '${show(entry.id)}' in DB`);
      return { context, assignment: validateAssignment(context, entry.interfaces) };
    });
    for (const { context, assignment } of checked) await store(tx, context, assignment);
    return checked.map(({ context, assignment }) => ({
      id: context.node.id,
      interfaces: assignment.map(serializeInterface),
    }));
  });
}

function nodeIdOf(value: unknown): number {
  if (typeof value === 'number' && Number.isSafeInteger(value) && value > 0 && value < 2 ** 31) {
    return value;
  }
  throw new InvalidData(`There is no node with ID '${show(value)}' in DB`);
}

async function store(
  tx: Queryable,
  context: NodeNetworkContext,
  assignment: InterfaceAssignment[],
): Promise<void> {
  const pairs = assignment.flatMap(({ nic, networks }) =>
    networks.map((net) => ({ interface_id: nic.id, network_id: net.id })),
  );
  await replaceAssignments(tx, context.node.id, pairs);
  if (context.node.cluster_id !== null) {
    await addInterfacesChange(tx, context.node.cluster_id, context.node.id);
  }
}
