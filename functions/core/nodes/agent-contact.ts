import type { Queryable } from '../../db/database.js';

/** How an agent names its node: by id when it knows it, else by its MACs (stored form). */
export type AgentLookup = { id: number } | { mac: string | undefined; nicMacs: string[] };

/** What a check-in needs to know of the node it found. */
export interface AgentContact {
  id: number;
  agent_checksum: string | null;
  was_online: boolean;
}

/**
 * The node an agent names: by id, else the node whose MAC it is, else the owner of one of its
 * interfaces' MACs. Written as index lookups joined by UNION ALL, because an OR across the two
 * tables makes PostgreSQL scan every node on each check-in.
 */
function targetQuery(lookup: AgentLookup): { sql: string; params: unknown[] } {
  if ('id' in lookup) return { sql: 'SELECT $2::int AS id', params: [lookup.id] };
  const mac = lookup.mac ?? null;
  return {
    sql: `SELECT id FROM (
            SELECT id, 0 AS preference FROM nodes WHERE mac = $2::macaddr
            UNION ALL
            SELECT node_id, 1 FROM node_nic_interfaces WHERE mac = ANY($3::macaddr[])
          ) candidates ORDER BY preference, id LIMIT 1`,
    params: [mac, mac === null ? lookup.nicMacs : [mac, ...lookup.nicMacs]],
  };
}

/**
 * Records that a node's agent called in, in ONE statement (this runs for every node every
 * minute): finds the node, refreshes `last_contact_at`, sets it online and, when it was
 * offline, files the "back online" notification. Returns the node's id, stored checksum and
 * whether it was online, or undefined when no node matches.
 */
export async function recordAgentContact(
  db: Queryable,
  lookup: AgentLookup,
  now: Date,
): Promise<AgentContact | undefined> {
  const { sql, params } = targetQuery(lookup);
  const { rows } = await db.query<AgentContact>(
    `WITH target AS (
       SELECT n.id, n.online FROM nodes n WHERE n.id = (${sql}) FOR UPDATE
     ), touched AS (
       UPDATE nodes n SET last_contact_at = $1, online = true FROM target t WHERE n.id = t.id
       RETURNING n.id, n.name, n.cluster_id, n.agent_checksum, t.online AS was_online
     ), back_online AS (
       INSERT INTO notifications (topic, message, node_id, cluster_id)
       SELECT 'discover', 'Node ''' || name || ''' is back online', id, cluster_id
       FROM touched WHERE NOT was_online
     )
     SELECT id, agent_checksum, was_online FROM touched`,
    [now, ...params],
  );
  return rows[0];
}
