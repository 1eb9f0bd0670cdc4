/**
 * The vocabulary of node network interfaces: a NIC row of `node_nic_interfaces`, a network group
 * that can be carried by a NIC, and the assignment of networks to the NICs of one node.
 */

/** Name of the admin (PXE) network that every node carries on its boot interface. */
export const ADMIN_NETWORK_NAME = 'fuelweb_admin';

/** Name of the network that only some nodes carry (see `NodeNetworkContext.publicAllowed`). */
export const PUBLIC_NETWORK_NAME = 'public';

/** Priority given to a network whose meta has no `map_priority`: it sorts after the others. */
const UNRANKED_PRIORITY = 1000;

/** A row of `node_nic_interfaces`. */
export interface NicRow {
  id: number;
  node_id: number;
  name: string;
  mac: string;
  state: string | null;
  driver: string | null;
  bus_info: string | null;
  max_speed: number | null;
  current_speed: number | null;
  pxe: boolean;
  offloading_modes: unknown;
  interface_properties: unknown;
}

/** The columns of `network_groups` that decide where a network may go. */
export interface NetworkRow {
  id: number;
  name: string;
  cluster_id: number | null;
  group_id: number | null;
  vlan_start: number | null;
  meta: unknown;
}

/** A network as it appears in a NIC's `assigned_networks`. */
export interface AssignedNetwork {
  id: number;
  name: string;
}

/** The networks one NIC carries. */
export interface InterfaceAssignment {
  nic: NicRow;
  networks: AssignedNetwork[];
}

function metaFlag(network: NetworkRow, key: string): unknown {
  const meta = network.meta;
  if (meta === null || typeof meta !== 'object' || Array.isArray(meta)) return undefined;
  return (meta as Record<string, unknown>)[key];
}

/**
 * Nailgun's rule: a network is untagged when it has no VLAN of its own and neither takes its
 * VLANs from the Neutron range (private with VLAN segmentation) nor from external data.
 */
export function isUntagged(network: NetworkRow): boolean {
  return (
    network.vlan_start === null &&
    !metaFlag(network, 'neutron_vlan_range') &&
    !metaFlag(network, 'ext_net_data')
  );
}

/** A network whose meta asks for a NIC of its own. */
export function isDedicated(network: NetworkRow): boolean {
  return Boolean(metaFlag(network, 'dedicated_nic'));
}

/** The `map_priority` of a network's meta (lower first), or a rank after every other. */
export function mapPriority(network: NetworkRow): number {
  const value = metaFlag(network, 'map_priority');
  return typeof value === 'number' && Number.isFinite(value) ? value : UNRANKED_PRIORITY;
}

/** Orders networks the way the default assignment visits them: map_priority, then id. */
export function byMapPriority(a: NetworkRow, b: NetworkRow): number {
  return mapPriority(a) - mapPriority(b) || a.id - b.id;
}

/** The `{id, name}` of a network, as NIC lists show it. */
export function toAssigned(network: NetworkRow): AssignedNetwork {
  return { id: network.id, name: network.name };
}
