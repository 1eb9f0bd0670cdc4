import { InvalidData } from '../errors.js';
import { interfacesLocked, lockedMessage } from './lock.js';
import {
  type InterfaceAssignment,
  isUntagged,
  type NetworkRow,
  type NicRow,
  toAssigned,
} from './model.js';
import type { NodeNetworkContext } from './network-context.js';
import { type RequestedNic, show } from './request.js';

/** A requested NIC found on the node, with the network ids asked for it. */
interface Placement {
  nic: NicRow;
  networkIds: unknown[];
}

/**
 * Checks a requested assignment against the node (Nailgun's NetAssignmentValidator, without
 * bonds) and answers the complete new assignment. The request is the whole mapping: NICs it
 * leaves out carry no network afterwards. Rules, in the order they are checked: the node's
 * status allows changes; it is in an environment; each NIC exists and is listed once; the admin
 * network stays on the boot NIC; every network belongs to the node's group (or is the admin
 * network); public only on nodes that need it; every required network placed; at most one
 * untagged network per NIC.
 */
export function validateAssignment(
  context: NodeNetworkContext,
  request: RequestedNic[],
): InterfaceAssignment[] {
  const { node } = context;
  if (interfacesLocked(node)) throw new InvalidData(lockedMessage(node.id));
  if (node.cluster_id === null) throw notInCluster(node.id, request);
  const placements = placeNics(context, request);
  const assigned = checkMembership(context, request);
  checkCompleteness(context, assigned);
  return context.nics.map((nic) => {
    const ids = placements.find((p) => p.nic.id === nic.id)?.networkIds ?? [];
    const networks = context.required.filter((net) => ids.includes(net.id));
    checkUntagged(node.id, nic, networks);
    return { nic, networks: networks.map(toAssigned) };
  });
}

function notInCluster(nodeId: number, request: RequestedNic[]): InvalidData {
  const names = request.flatMap((nic) => nic.networks.map((net) => show(net.name ?? net.id)));
  return new InvalidData(
    names.length > 0
      ? `Node '${nodeId}': networks ${names.join(', ')} cannot be assigned as the node is not` +
          ' added to any cluster'
      : `Node '${nodeId}': interfaces cannot be configured as the node is not added to any cluster`,
  );
}

/** Finds each requested NIC among the node's and keeps the admin network on the boot NIC. */
function placeNics(context: NodeNetworkContext, request: RequestedNic[]): Placement[] {
  const nodeId = context.node.id;
  const placements: Placement[] = [];
  for (const item of request) {
    const nic = context.nics.find((n) => n.id === item.id);
    if (!nic) {
      throw new InvalidData(
        `Node '${nodeId}': there is no interface with ID '${item.label}' in DB`,
      );
    }
    if (placements.some((p) => p.nic.id === nic.id)) {
      throw new InvalidData(`Node '${nodeId}': interface '${item.label}' is listed more than once`);
    }
    const admin = context.admin;
    if (admin && nic.id !== context.pxeNic?.id && item.networks.some((n) => n.id === admin.id)) {
      throw new InvalidData(
        `Node '${nodeId}': admin network can not be assigned to non-pxe interface ${nic.name}`,
      );
    }
    placements.push({ nic, networkIds: item.networks.map((n) => n.id) });
  }
  return placements;
}

/** Every requested network must be the admin network or one of the node group's. */
function checkMembership(context: NodeNetworkContext, request: RequestedNic[]): Set<unknown> {
  const nodeId = context.node.id;
  const assigned = new Set(request.flatMap((nic) => nic.networks.map((net) => net.id)));
  const known = new Set<unknown>([...context.required, ...context.forbidden].map((n) => n.id));
  const foreign = [...assigned].filter((id) => !known.has(id));
  if (foreign.length > 0) {
    throw new InvalidData(
      `Node '${nodeId}': networks with IDs '${foreign.map(show).join(', ')}' cannot be used` +
        ` because they are not in node group '${context.groupName}'`,
    );
  }
  if (context.forbidden.some((net) => assigned.has(net.id))) {
    throw new InvalidData(
      `Trying to assign public network to Node '${nodeId}' which should not have public network`,
    );
  }
  return assigned;
}

function checkCompleteness(context: NodeNetworkContext, assigned: Set<unknown>): void {
  const missing = context.required.filter((net) => !assigned.has(net.id));
  if (missing.length > 0) {
    throw new InvalidData(
      `Node '${context.node.id}': ${missing.map((n) => n.id).join(',')} network(s) are left` +
        ' unassigned',
    );
  }
}

function checkUntagged(nodeId: number, nic: NicRow, networks: NetworkRow[]): void {
  const untagged = networks.filter(isUntagged);
  if (untagged.length < 2) return;
  throw new InvalidData(
    `Node '${nodeId}': untagged networks ${untagged.map((n) => `"${n.name}"`).join(', ')} are` +
      ` assigned to the same interface '${nic.name}'. You should assign them to` +
      ' different physical interfaces.',
  );
}
