import { InvalidData } from '../errors.js';

/** One NIC of a PUT body, its structure checked; ids are still as the client sent them. */
export interface RequestedNic {
  id: unknown;
  /** How error texts name the NIC: its id, else its name. */
  label: string;
  networks: { id: unknown; name: unknown }[];
}

/** One entry of the bulk body `[{"id": <node id>, "interfaces": [...]}]`, structure checked. */
export interface RequestedNode {
  id: unknown;
  interfaces: RequestedNic[];
}

/** A value as Nailgun's texts print it. */
export function show(value: unknown): string {
  return typeof value === 'string' || typeof value === 'number'
    ? String(value)
    : JSON.stringify(value);
}

function isObject(value: unknown): value is Record<string, unknown> {
  return value !== null && typeof value === 'object' && !Array.isArray(value);
}

/**
 * Checks the shape of a node's interface list with Nailgun's texts (NetAssignmentValidator):
 * a type, if given, of `ether`; an `id`; an `assigned_networks` list of objects with an `id`,
 * no network twice. Bonds are not supported by this API.
 */
export function parseRequestedNics(nodeId: unknown, items: unknown): RequestedNic[] {
  const node = show(nodeId);
  if (!Array.isArray(items)) {
    throw new InvalidData(`Node '${node}': there is no 'interfaces' list`);
  }
  const seen = new Set<unknown>();
  return items.map((item) => {
    const nic = parseNic(node, item);
    for (const net of nic.networks) {
      if (seen.has(net.id)) {
        throw new InvalidData(
          `Node '${node}': there is a duplicated network '${show(net.id)}' in assigned networks` +
            ` (second occurrence is in interface '${nic.label}')`,
        );
      }
      seen.add(net.id);
    }
    return nic;
  });
}

function parseNic(node: string, item: unknown): RequestedNic {
  if (!isObject(item)) {
    throw new InvalidData(`Node '${node}': each interface should be a dict (got '${show(item)}')`);
  }
  if (item.type !== undefined && item.type !== 'ether') {
    throw new InvalidData(
      item.type === 'bond'
        ? `Node '${node}': bond interfaces are not supported`
        : `Node '${node}': unknown interface type`,
    );
  }
  if (item.id === undefined)
    throw new InvalidData(`Node '${node}': each HW interface must have ID`);
  const label = show(item.id);
  const prefix = `Node '${node}', interface '${label}':`;
  if (!Array.isArray(item.assigned_networks)) {
    throw new InvalidData(`${prefix} there is no 'assigned_networks' list`);
  }
  const networks = item.assigned_networks.map((net: unknown) => {
    if (!isObject(net)) throw new InvalidData(`${prefix} each assigned network should be a dict`);
    if (net.id === undefined)
      throw new InvalidData(`${prefix} each assigned network should have ID`);
    return { id: net.id, name: net.name };
  });
  return { id: item.id, label, networks };
}

/** Checks the shape of the bulk body, node by node. */
export function parseRequestedNodes(items: unknown[]): RequestedNode[] {
  return items.map((item) => {
    if (!isObject(item)) throw new InvalidData('Each node should be dict');
    if (item.id === undefined) throw new InvalidData('Each node should have ID');
    return { id: item.id, interfaces: parseRequestedNics(item.id, item.interfaces) };
  });
}
