import type { Queryable } from '../../db/database.js';
import { notFound } from '../errors.js';
import { defaultAssignment } from './default-assignment.js';
import { type InterfaceAssignment, toAssigned } from './model.js';
import { loadNetworkContexts, type NodeNetworkContext } from './network-context.js';

/**
 * The stored assignment of a node, when it still fits: it counts only while it places every
 * network the node must carry now (admin and node group networks) on exactly one NIC. Rows for
 * networks the node no longer carries (it changed environment or roles) are ignored; an
 * incomplete assignment gives way to the default one.
 */
export function storedAssignment(context: NodeNetworkContext): InterfaceAssignment[] | undefined {
  const required = new Map(context.required.map((net) => [net.id, net]));
  const relevant = context.stored.filter((row) => required.has(row.network_id));
  const placed = new Set(relevant.map((row) => row.network_id));
  if (relevant.length === 0 || placed.size !== relevant.length || placed.size !== required.size) {
    return undefined;
  }
  return context.nics.map((nic) => ({
    nic,
    networks: context.required
      .filter((net) => relevant.some((r) => r.interface_id === nic.id && r.network_id === net.id))
      .map(toAssigned),
  }));
}

/** What the node's NICs carry: the stored assignment if it fits, else the default one. */
export function resolveAssignment(context: NodeNetworkContext): InterfaceAssignment[] {
  return storedAssignment(context) ?? defaultAssignment(context);
}

/**
 * The networks each NIC of a node carries, NICs ordered by name (what deployment serializes).
 * Throws 404 "Node not found" for an unknown node.
 */
export async function effectiveAssignments(
  db: Queryable,
  nodeId: number,
): Promise<InterfaceAssignment[]> {
  const context = (await loadNetworkContexts(db, [nodeId])).get(nodeId);
  if (!context) throw notFound('Node');
  return resolveAssignment(context);
}

/**
 * {@link effectiveAssignments} for many nodes with a fixed number of queries; unknown ids are
 * absent from the map.
 */
export async function effectiveAssignmentsByNode(
  db: Queryable,
  nodeIds: number[],
): Promise<Map<number, InterfaceAssignment[]>> {
  const contexts = await loadNetworkContexts(db, nodeIds);
  return new Map([...contexts].map(([id, context]) => [id, resolveAssignment(context)]));
}
