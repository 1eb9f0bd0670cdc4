import {
  type InterfaceAssignment,
  isDedicated,
  isUntagged,
  type NetworkRow,
  toAssigned,
} from './model.js';
import type { NodeNetworkContext } from './network-context.js';

/**
 * The NIC assignment Nailgun proposes when nobody chose one (NetworkManager's default
 * interfaces configuration), computed, never stored:
 *
 * 1. The node's required networks (the admin network, plus its node group's networks when it is
 *    in an environment) are visited by `map_priority`, then id.
 * 2. The NICs are visited by name. Each takes, from the networks still unplaced: the admin
 *    network only when it is the boot (PXE) NIC; at most one untagged network (no VLAN, like
 *    public or admin); every tagged network (VLAN, or VLANs from the Neutron range, like
 *    management, storage, private); a network marked `dedicated_nic` only as its first network,
 *    after which the NIC takes nothing more.
 * 3. Whatever is still unplaced goes to the first NIC, so every network is somewhere, even when
 *    two untagged networks then share it (a PUT of that layout is refused).
 *
 * With two NICs, eth0 booting: eth0 carries admin, management, storage, private; eth1 public.
 */
export function defaultAssignment(context: NodeNetworkContext): InterfaceAssignment[] {
  const remaining = [...context.required];
  const result = context.nics.map((nic) => {
    const taken = pickForNic(remaining, nic.id === context.pxeNic?.id, context);
    for (const net of taken) remaining.splice(remaining.indexOf(net), 1);
    return { nic, networks: taken.map(toAssigned) };
  });
  const first = result[0];
  if (first) first.networks.push(...remaining.map(toAssigned));
  return result;
}

function pickForNic(
  candidates: NetworkRow[],
  isPxe: boolean,
  context: NodeNetworkContext,
): NetworkRow[] {
  const taken: NetworkRow[] = [];
  let untaggedTaken = false;
  for (const net of candidates) {
    if (net.id === context.admin?.id && !isPxe) continue;
    if (isDedicated(net)) {
      if (taken.length > 0) continue;
      taken.push(net);
      break;
    }
    if (isUntagged(net)) {
      if (untaggedTaken) continue;
      untaggedTaken = true;
    }
    taken.push(net);
  }
  return taken;
}
