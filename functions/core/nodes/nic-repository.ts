import type { Queryable } from '../../db/database.js';
import type { NicValues } from './nics.js';

/** The columns of a NIC row and their SQL types, for `jsonb_to_recordset`. */
const RECORD_TYPE = `name text, mac macaddr, ip_addr inet, netmask text, state text, driver text,
  bus_info text, max_speed integer, current_speed integer, pxe boolean, offloading_modes jsonb,
  interface_properties jsonb`;

const VALUE_COLUMNS = `name, mac, ip_addr, netmask, state, driver, bus_info, max_speed,
  current_speed, pxe, offloading_modes, interface_properties`;

/** A stored NIC, with whether networks are assigned to it. */
export interface StoredNic extends NicValues {
  id: number;
  assigned: boolean;
}

/** The NIC rows of a node, oldest first. */
export async function listNics(db: Queryable, nodeId: number): Promise<StoredNic[]> {
  const { rows } = await db.query<StoredNic>(
    `SELECT i.id, i.name, i.mac::text AS mac, host(i.ip_addr) AS ip_addr, i.netmask, i.state,
            i.driver, i.bus_info, i.max_speed, i.current_speed, i.pxe, i.offloading_modes,
            i.interface_properties,
            EXISTS (SELECT 1 FROM nic_network_assignments a WHERE a.interface_id = i.id) AS assigned
     FROM node_nic_interfaces i WHERE i.node_id = $1 ORDER BY i.id`,
    [nodeId],
  );
  return rows;
}

/** Adds NIC rows to a node in one statement. */
export async function insertNics(db: Queryable, nodeId: number, nics: NicValues[]): Promise<void> {
  if (nics.length === 0) return;
  await db.query(
    `INSERT INTO node_nic_interfaces (node_id, ${VALUE_COLUMNS})
     SELECT $1, ${VALUE_COLUMNS} FROM jsonb_to_recordset($2::jsonb) AS x(${RECORD_TYPE})`,
    [nodeId, JSON.stringify(nics)],
  );
}

/** Rewrites existing NIC rows (matched by `id`) in one statement. */
export async function updateNics(
  db: Queryable,
  nics: (NicValues & { id: number })[],
): Promise<void> {
  if (nics.length === 0) return;
  const assignments = VALUE_COLUMNS.split(',')
    .map((c) => c.trim())
    .map((c) => `${c} = x.${c}`)
    .join(', ');
  await db.query(
    `UPDATE node_nic_interfaces i SET ${assignments}
     FROM jsonb_to_recordset($1::jsonb) AS x(id integer, ${RECORD_TYPE})
     WHERE i.id = x.id`,
    [JSON.stringify(nics)],
  );
}

/** Moves NICs out of the way of renames: each gets a name no interface has (`~<id>`). */
export async function parkNicNames(db: Queryable, ids: number[]): Promise<void> {
  if (ids.length === 0) return;
  await db.query(
    `UPDATE node_nic_interfaces SET name = '~' || id::text WHERE id = ANY($1::int[])`,
    [ids],
  );
}

/** Removes NIC rows (their network assignments go with them). */
export async function deleteNics(db: Queryable, ids: number[]): Promise<void> {
  if (ids.length === 0) return;
  await db.query('DELETE FROM node_nic_interfaces WHERE id = ANY($1::int[])', [ids]);
}
