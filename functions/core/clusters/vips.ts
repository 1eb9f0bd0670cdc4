import { nextAddress } from './ipv4.js';
import type { NetworkGroupRow } from './network-groups.js';

/** The virtual addresses of an HA environment, as network configuration answers list them. */
export interface ClusterVips {
  management_vip: string | null;
  management_vrouter_vip: string | null;
  public_vip: string | null;
  public_vrouter_vip: string | null;
}

/**
 * Picks the virtual addresses deterministically: the first address of the network's first
 * IP range for HAProxy, the next one for the virtual router. Whoever hands out node addresses
 * must skip these two in each network.
 */
export function clusterVips(networks: NetworkGroupRow[]): ClusterVips {
  const [management, managementRouter] = pairOf(networks, 'management');
  const [publicVip, publicRouter] = pairOf(networks, 'public');
  return {
    management_vip: management,
    management_vrouter_vip: managementRouter,
    public_vip: publicVip,
    public_vrouter_vip: publicRouter,
  };
}

function pairOf(networks: NetworkGroupRow[], name: string): [string | null, string | null] {
  const first = networks.find((network) => network.name === name)?.ip_ranges[0]?.[0];
  if (first === undefined) return [null, null];
  return [first, nextAddress(first)];
}
