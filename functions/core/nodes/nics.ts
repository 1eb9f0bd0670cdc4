import { normalizeMac } from './mac.js';
import { cleanSpeed, isUsableInterface } from './meta.js';
import type { NodeMeta } from './model.js';

/** A row of `node_nic_interfaces` as built from one entry of `meta.interfaces`. */
export interface NicValues {
  name: string;
  mac: string;
  ip_addr: string | null;
  netmask: string | null;
  state: string | null;
  driver: string | null;
  bus_info: string | null;
  max_speed: number | null;
  current_speed: number | null;
  pxe: boolean;
  offloading_modes: unknown[];
  interface_properties: Record<string, unknown>;
}

/** The node's addresses that tell which interface it boots (PXE) from. */
export interface NodeAddress {
  mac: string;
  ip: string | null;
}

function text(value: unknown): string | null {
  return typeof value === 'string' ? value : null;
}

function toNic(iface: Record<string, unknown>): NicValues {
  const properties = iface.interface_properties;
  return {
    name: iface.name as string,
    mac: normalizeMac(iface.mac as string),
    ip_addr: text(iface.ip),
    netmask: text(iface.netmask),
    state: text(iface.state),
    driver: text(iface.driver),
    bus_info: text(iface.bus_info),
    max_speed: cleanSpeed(iface.max_speed),
    current_speed: cleanSpeed(iface.current_speed),
    pxe: false,
    offloading_modes: Array.isArray(iface.offloading_modes) ? iface.offloading_modes : [],
    interface_properties:
      typeof properties === 'object' && properties !== null && !Array.isArray(properties)
        ? (properties as Record<string, unknown>)
        : {},
  };
}

/**
 * The PXE interface: the one the agent flags, else the one carrying the node's MAC, else the
 * one carrying its IP (the agent often omits the flag).
 */
function pxeIndex(nics: NicValues[], flagged: boolean[], node: NodeAddress): number {
  const byFlag = flagged.indexOf(true);
  if (byFlag >= 0) return byFlag;
  const byMac = nics.findIndex((n) => n.mac === node.mac);
  if (byMac >= 0) return byMac;
  return node.ip === null ? -1 : nics.findIndex((n) => n.ip_addr === node.ip);
}

/**
 * NIC rows for `meta.interfaces`: interfaces without a name or MAC are skipped, and so are
 * repeated names or MACs (the first one wins), since a node has one NIC per name and MAC.
 */
export function nicsFromMeta(meta: NodeMeta, node: NodeAddress): NicValues[] {
  const interfaces = Array.isArray(meta.interfaces) ? meta.interfaces : [];
  const names = new Set<string>();
  const macs = new Set<string>();
  const nics: NicValues[] = [];
  const flagged: boolean[] = [];
  for (const iface of interfaces.filter(isUsableInterface)) {
    const nic = toNic(iface);
    if (names.has(nic.name) || macs.has(nic.mac)) continue;
    names.add(nic.name);
    macs.add(nic.mac);
    nics.push(nic);
    flagged.push(iface.pxe === true);
  }
  const pxe = pxeIndex(nics, flagged, node);
  return nics.map((nic, i) => ({ ...nic, pxe: i === pxe }));
}

/** MACs of the usable interfaces of `meta`, in stored form. */
export function interfaceMacs(meta: NodeMeta | undefined): string[] {
  const interfaces = Array.isArray(meta?.interfaces) ? meta.interfaces : [];
  return interfaces.filter(isUsableInterface).map((i) => normalizeMac(i.mac as string));
}
