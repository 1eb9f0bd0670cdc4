import type { AddressMap } from './host.js';
import { sameSubnet } from './ipv4.js';
import type { MetaInterface } from './meta-types.js';

/** What tells the admin (PXE) network apart on the node. */
export interface IdentityHints {
  /** The master's IPv4 address; the admin interface shares its subnet. */
  masterIp?: string | undefined;
  /** The MAC PXELINUX booted from (`BOOTIF=`). */
  bootMac?: string | undefined;
  /** The interface of the default route. */
  defaultRoute?: string | undefined;
}

/** Links between the node's interfaces, bridges and bonds included. */
export interface LinkFacts {
  /** MAC of every interface by name. */
  macs: Readonly<Record<string, string>>;
  /** Bonds and bridges above each physical NIC, nearest first. */
  uppers: Readonly<Record<string, readonly string[]>>;
}

/** The node's address as Nailgun keys it, and the NIC it booted from. */
export interface NodeIdentity {
  /** Upper-case, as the stock agent sent it; Nailgun stores MACs in lower case. */
  mac?: string;
  ip: string | null;
  pxe?: string;
}

function adminInterface(
  nics: readonly MetaInterface[],
  links: LinkFacts,
  addresses: AddressMap,
  hints: IdentityHints,
): string | undefined {
  const { masterIp, bootMac, defaultRoute } = hints;
  const inMasterSubnet = Object.entries(addresses).find(([, list]) =>
    list.some((a) => masterIp !== undefined && sameSubnet(masterIp, a.address, a.netmask)),
  );
  if (inMasterSubnet) return inMasterSubnet[0];
  if (defaultRoute !== undefined && links.macs[defaultRoute]) return defaultRoute;
  return (
    nics.find((n) => n.mac === bootMac)?.name ??
    nics.find((n) => n.ip !== undefined)?.name ??
    nics[0]?.name
  );
}

function pxeInterface(
  nics: readonly MetaInterface[],
  links: LinkFacts,
  admin: string | undefined,
  bootMac: string | undefined,
): string | undefined {
  const booted = nics.find((n) => n.mac === bootMac);
  if (booted) return booted.name;
  if (admin === undefined) return undefined;
  const under = nics.find((n) => n.name === admin || links.uppers[n.name]?.includes(admin));
  return (under ?? nics.find((n) => n.mac === links.macs[admin]))?.name;
}

/**
 * Picks the admin interface: the one in the master's subnet, else the default route's, else
 * the booted or first NIC. Its MAC and IPv4 address name the node; the physical NIC under it
 * (or the one `BOOTIF=` names) is the PXE interface.
 */
export function identify(
  nics: readonly MetaInterface[],
  links: LinkFacts,
  addresses: AddressMap,
  hints: IdentityHints,
): NodeIdentity {
  const admin = adminInterface(nics, links, addresses, hints);
  const mac =
    admin === undefined
      ? undefined
      : (links.macs[admin] ?? nics.find((n) => n.name === admin)?.mac);
  const anyAddress = Object.values(addresses).find((list) => list.length > 0)?.[0];
  const own = admin === undefined ? undefined : addresses[admin]?.[0];
  const pxe = pxeInterface(nics, links, admin, hints.bootMac);
  return {
    ...(mac ? { mac: mac.toUpperCase() } : {}),
    ip: (own ?? anyAddress)?.address ?? null,
    ...(pxe ? { pxe } : {}),
  };
}

/** The interfaces with `pxe` set on the boot NIC only. */
export function markPxe(nics: readonly MetaInterface[], pxe: string | undefined): MetaInterface[] {
  return nics.map((n) => ({ ...n, pxe: n.name === pxe }));
}
