import type { Queryable } from '../../db/database.js';
import type { Logger } from '../logger.js';
import {
  deleteNics,
  insertNics,
  listNics,
  parkNicNames,
  type StoredNic,
  updateNics,
} from './nic-repository.js';
import type { NicValues } from './nics.js';

/** What to write so that a node's NIC rows match what its agent reports. */
export interface NicPlan {
  insert: NicValues[];
  update: (NicValues & { id: number })[];
  remove: StoredNic[];
}

const COMPARED = [
  'name',
  'mac',
  'ip_addr',
  'netmask',
  'state',
  'driver',
  'bus_info',
  'max_speed',
  'current_speed',
  'pxe',
  'offloading_modes',
  'interface_properties',
] as const satisfies readonly (keyof NicValues)[];

/** JSON with object keys sorted: jsonb does not keep the key order a client sent. */
function canonical(value: unknown): string {
  return JSON.stringify(value, (_key, v: unknown) =>
    typeof v === 'object' && v !== null && !Array.isArray(v)
      ? Object.fromEntries(Object.entries(v).sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0)))
      : v,
  );
}

function differs(stored: StoredNic, reported: NicValues): boolean {
  return COMPARED.some((k) => canonical(stored[k]) !== canonical(reported[k]));
}

/**
 * Matches reported NICs to stored ones by MAC, then by name, so a NIC keeps its id (and its
 * network assignments) across reports; stored NICs left unmatched are to be removed.
 */
export function planNics(stored: StoredNic[], reported: NicValues[]): NicPlan {
  const unmatched = new Map(stored.map((s) => [s.id, s]));
  const plan: NicPlan = { insert: [], update: [], remove: [] };
  for (const nic of reported) {
    const match =
      [...unmatched.values()].find((s) => s.mac === nic.mac) ??
      [...unmatched.values()].find((s) => s.name === nic.name);
    if (!match) {
      plan.insert.push(nic);
      continue;
    }
    unmatched.delete(match.id);
    if (differs(match, nic)) plan.update.push({ ...nic, id: match.id });
  }
  plan.remove = [...unmatched.values()];
  return plan;
}

/**
 * Brings a node's NIC rows in line with `reported`, writing only what changed. A NIC that
 * disappeared while networks are assigned to it is not removed: the whole update is skipped
 * and false returned, as Nailgun does, so an operator's configuration is never lost silently.
 */
export async function syncNics(
  tx: Queryable,
  logger: Logger,
  nodeId: number,
  reported: NicValues[],
): Promise<boolean> {
  const stored = await listNics(tx, nodeId);
  const plan = planNics(stored, reported);
  const blocking = plan.remove.filter((n) => n.assigned).map((n) => n.name);
  if (blocking.length > 0) {
    logger.warn('interfaces not updated', { node_id: nodeId, assigned_interfaces: blocking });
    return false;
  }
  await deleteNics(
    tx,
    plan.remove.map((n) => n.id),
  );
  const renamed = plan.update.filter((u) => stored.find((s) => s.id === u.id)?.name !== u.name);
  await parkNicNames(
    tx,
    renamed.map((n) => n.id),
  );
  await updateNics(tx, plan.update);
  await insertNics(tx, nodeId, plan.insert);
  return true;
}
