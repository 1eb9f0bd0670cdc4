import { collectInterfaces } from './collect/interfaces.js';
import { defaultRouteInterface, interfaceMacs, upperChain } from './collect/links.js';
import type { Host } from './host.js';
import { type IdentityHints, identify, markPxe, type NodeIdentity } from './identity.js';
import type { MetaInterface, NumaTopology } from './meta-types.js';

/** The NICs of the report and the address that names the node. */
export interface NetworkReport {
  interfaces: MetaInterface[];
  identity: NodeIdentity;
}

/**
 * Describes the NICs, then finds the admin interface (see `identify`) to name the node and to
 * flag the NIC it boots from.
 */
export async function collectNetwork(
  host: Host,
  numa: NumaTopology | undefined,
  hints: Omit<IdentityHints, 'defaultRoute'>,
): Promise<NetworkReport> {
  const [nics, macs, defaultRoute] = await Promise.all([
    collectInterfaces(host, numa),
    interfaceMacs(host),
    defaultRouteInterface(host),
  ]);
  const chains = await Promise.all(nics.map((n) => upperChain(host, n.name)));
  const uppers = Object.fromEntries(nics.map((n, i) => [n.name, chains[i] ?? []]));
  const identity = identify(nics, { macs, uppers }, host.addresses(), { ...hints, defaultRoute });

  return { interfaces: markPxe(nics, identity.pxe), identity };
}
