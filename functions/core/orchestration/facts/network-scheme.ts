import { parseCidr } from '../../net/ip.js';
import type { NodeRow } from '../../nodes/model.js';
import type { ClusterSnapshot } from './snapshot.js';

/** The bridge each network lands on, as Fuel's l23network module names them. */
const BRIDGES: Record<string, string> = {
  fuelweb_admin: 'br-fw-admin',
  management: 'br-mgmt',
  storage: 'br-storage',
  public: 'br-ex',
  private: 'br-prv',
};

/** Network roles (what services bind to) served by each bridge. */
const ROLES: Record<string, string[]> = {
  'br-fw-admin': ['admin/pxe', 'fw-admin'],
  'br-mgmt': ['management', 'mgmt/api', 'mgmt/database', 'mgmt/messaging', 'mgmt/vip'],
  'br-storage': ['storage', 'ceph/replication', 'ceph/public'],
  'br-ex': ['ex', 'public/vip', 'ceph/radosgw'],
  'br-prv': ['neutron/private'],
};

/**
 * A node's `network_scheme` (l23network 1.1): one bridge per network the node carries, the
 * NIC (or its VLAN sub-interface) plugged into it, and the node's address on it.
 */
export function networkScheme(snap: ClusterSnapshot, node: NodeRow): Record<string, unknown> {
  const nics = snap.assignments.get(node.id) ?? [];
  const addresses = snap.addresses.get(node.id) ?? new Map<string, string>();
  const interfaces: Record<string, Record<string, unknown>> = {};
  const transformations: Record<string, unknown>[] = [];
  const endpoints: Record<string, Record<string, unknown>> = {};
  const roles: Record<string, string> = {};

  for (const { nic, networks } of nics) {
    interfaces[nic.name] = { vendor_specific: { bus_info: nic.bus_info, driver: nic.driver } };
    for (const assigned of networks) {
      const bridge = BRIDGES[assigned.name];
      const network = [...snap.networks, ...(snap.admin ? [snap.admin] : [])].find(
        (n) => n.id === assigned.id,
      );
      if (!bridge || !network) continue;
      transformations.push({ action: 'add-br', name: bridge });
      const vlan = network.vlan_start;
      transformations.push({
        action: 'add-port',
        bridge,
        name: vlan ? `${nic.name}.${vlan}` : nic.name,
      });
      const ip = assigned.name === 'fuelweb_admin' ? node.ip : addresses.get(assigned.name);
      const prefix = network.cidr ? parseCidr(network.cidr)?.prefix : undefined;
      endpoints[bridge] = {
        IP: ip && prefix !== undefined ? [`${ip}/${prefix}`] : 'none',
        ...(assigned.name === 'public' && network.gateway ? { gateway: network.gateway } : {}),
      };
      for (const role of ROLES[bridge] ?? []) roles[role] = bridge;
    }
  }

  return { version: '1.1', provider: 'lnx', interfaces, transformations, endpoints, roles };
}
