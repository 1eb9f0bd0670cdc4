import type { NodeMeta, NodeStatus } from './model.js';

/** The largest value of a PostgreSQL integer column (NIC speeds are stored as such). */
const MAX_INT4 = 2_147_483_647;

type Interface = Record<string, unknown>;

/** An interface can become a NIC row only with a non-empty name and MAC. */
export function isUsableInterface(value: unknown): value is Interface {
  if (typeof value !== 'object' || value === null) return false;
  const { name, mac } = value as Interface;
  return typeof name === 'string' && name !== '' && typeof mac === 'string' && mac !== '';
}

/** A speed in Mbit/s, or null when it is not a non-negative integer. */
export function cleanSpeed(value: unknown): number | null {
  return Number.isInteger(value) && (value as number) >= 0 && (value as number) <= MAX_INT4
    ? (value as number)
    : null;
}

function cleanInterface(iface: Interface): Interface {
  return {
    ...iface,
    max_speed: cleanSpeed(iface.max_speed),
    current_speed: cleanSpeed(iface.current_speed),
  };
}

function interfacesOf(meta: NodeMeta): unknown[] | undefined {
  return Array.isArray(meta.interfaces) ? meta.interfaces : undefined;
}

/** Meta of a new node: interfaces without a name or MAC are dropped, speeds normalized. */
export function metaForCreate(meta: NodeMeta): NodeMeta {
  const interfaces = interfacesOf(meta);
  if (!interfaces) return meta;
  return { ...meta, interfaces: interfaces.filter(isUsableInterface).map(cleanInterface) };
}

/**
 * Meta replacing `old`: when an interface lacks a name or MAC, or the list is absent, the old
 * interface list is kept, so the NIC rows and `meta.interfaces` never disagree.
 */
export function metaForUpdate(meta: NodeMeta, old: NodeMeta): NodeMeta {
  const interfaces = interfacesOf(meta);
  if (interfaces?.every(isUsableInterface)) {
    return { ...meta, interfaces: interfaces.map(cleanInterface) };
  }
  const { interfaces: _dropped, ...rest } = meta;
  return old.interfaces === undefined ? rest : { ...rest, interfaces: old.interfaces };
}

/** Statuses in which an agent may still change the disk list (hardware not yet in use). */
const HARDWARE_UNLOCKED: ReadonlySet<NodeStatus> = new Set(['discover', 'error']);

/**
 * The agent's rules for disks: an empty or missing list keeps the known disks (a disk scan can
 * fail transiently), and once provisioning started the disk list is frozen.
 */
export function keepDisksForAgent(meta: NodeMeta, old: NodeMeta, status: NodeStatus): NodeMeta {
  const oldDisks = Array.isArray(old.disks) && old.disks.length > 0 ? old.disks : undefined;
  const newDisks = Array.isArray(meta.disks) ? meta.disks : [];
  if (newDisks.length === 0 && oldDisks) return { ...meta, disks: oldDisks };
  if ('disks' in meta && !HARDWARE_UNLOCKED.has(status) && old.disks !== undefined) {
    return { ...meta, disks: old.disks };
  }
  return meta;
}
