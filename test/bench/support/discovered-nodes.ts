import { normalizeMac } from '../../../functions/core/nodes/mac.js';
import { metaForCreate } from '../../../functions/core/nodes/meta.js';
import { nicsFromMeta } from '../../../functions/core/nodes/nics.js';
import type { Queryable } from '../../../functions/db/database.js';
import { benchAgentPayload } from './bench-payload.js';

/** The node row registration would write for node number `index`, and its NIC rows. */
function discoveredNode(index: number) {
  const payload = benchAgentPayload(index);
  const mac = normalizeMac(payload.mac);
  const meta = metaForCreate(payload.meta);
  return {
    node: {
      name: `Untitled (${mac.slice(-5)})`,
      mac,
      ip: payload.ip,
      meta,
      manufacturer: payload.manufacturer,
      platform_name: payload.platform_name,
      os_platform: payload.os_platform,
    },
    nics: nicsFromMeta(meta, { mac, ip: payload.ip }),
  };
}

/**
 * Inserts `count` discovered, online nodes (numbers `first`, `first + 1`...) with their NICs in
 * two statements, with the values `POST /nodes` would store for the same agent payload (the
 * "new node" notifications aside). Returns their ids in node-number order.
 */
export async function insertDiscoveredNodes(
  db: Queryable,
  first: number,
  count: number,
): Promise<number[]> {
  const built = Array.from({ length: count }, (_, i) => discoveredNode(first + i));
  const { rows } = await db.query<{ id: number; mac: string }>(
    `INSERT INTO nodes (name, mac, ip, meta, manufacturer, platform_name, os_platform,
                        status, online, last_contact_at)
     SELECT name, mac, ip, meta, manufacturer, platform_name, os_platform, 'discover', true, now()
     FROM jsonb_to_recordset($1::jsonb) AS x(name text, mac macaddr, ip inet, meta jsonb,
       manufacturer text, platform_name text, os_platform text)
     RETURNING id, mac::text AS mac`,
    [JSON.stringify(built.map((b) => b.node))],
  );
  const ids = new Map(rows.map((r) => [r.mac, r.id]));
  const nics = built.flatMap((b) =>
    b.nics.map((nic) => ({ ...nic, node_id: ids.get(b.node.mac) })),
  );
  await db.query(
    `INSERT INTO node_nic_interfaces (node_id, name, mac, ip_addr, netmask, state, driver,
       bus_info, max_speed, current_speed, pxe, offloading_modes, interface_properties)
     SELECT node_id, name, mac, ip_addr, netmask, state, driver, bus_info, max_speed,
       current_speed, pxe, offloading_modes, interface_properties
     FROM jsonb_to_recordset($1::jsonb) AS x(node_id int, name text, mac macaddr, ip_addr inet,
       netmask text, state text, driver text, bus_info text, max_speed int, current_speed int,
       pxe boolean, offloading_modes jsonb, interface_properties jsonb)`,
    [JSON.stringify(nics)],
  );

  return built.map((b) => ids.get(b.node.mac) ?? Number.NaN);
}
