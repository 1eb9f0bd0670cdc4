import type { Queryable } from '../../db/database.js';

/**
 * Whether a new node would duplicate a known one: its MAC is a node's MAC or a NIC's MAC, or
 * one of its interface MACs is a known NIC's MAC. MACs in stored form.
 */
export async function macAlreadyKnown(
  db: Queryable,
  mac: string,
  interfaceMacs: string[],
): Promise<boolean> {
  const { rows } = await db.query(
    `SELECT 1 FROM nodes WHERE mac = $1::macaddr
     UNION ALL
     SELECT 1 FROM node_nic_interfaces WHERE mac = ANY($2::macaddr[])
     LIMIT 1`,
    [mac, [mac, ...interfaceMacs]],
  );
  return rows.length > 0;
}
