import type { Queryable } from '../../db/database.js';
import type { NodeRow } from './model.js';
import { NODE_COLUMNS } from './repository.js';

/** How an agent names its node: by id when it knows it, else by its MACs (stored form). */
export type AgentLookup = { id: number } | { mac: string | undefined; nicMacs: string[] };

function lookupClause(lookup: AgentLookup): { where: string; order: string; params: unknown[] } {
  if ('id' in lookup) return { where: 'n.id = $2', order: 'n.id', params: [lookup.id] };
  const mac = lookup.mac ?? null;
  return {
    where: `n.mac = $2::macaddr
      OR n.id IN (SELECT node_id FROM node_nic_interfaces WHERE mac = ANY($3::macaddr[]))`,
    order: '(n.mac = $2::macaddr) DESC NULLS LAST, n.id',
    params: [mac, mac === null ? lookup.nicMacs : [mac, ...lookup.nicMacs]],
  };
}

/**
 * Records that a node's agent called in, in ONE statement (this runs for every node every
 * minute): finds the node, refreshes `last_contact_at`, sets it online and, when it was
 * offline, files the "back online" notification. Returns the node as it now is (and whether it
 * was online), or undefined when no node matches.
 */
export async function recordAgentContact(
  db: Queryable,
  lookup: AgentLookup,
  now: Date,
): Promise<(NodeRow & { was_online: boolean }) | undefined> {
  const { where, order, params } = lookupClause(lookup);
  const { rows } = await db.query<NodeRow & { was_online: boolean }>(
    `WITH target AS (
       SELECT n.id, n.online FROM nodes n WHERE ${where} ORDER BY ${order} LIMIT 1 FOR UPDATE
     ), touched AS (
       UPDATE nodes n SET last_contact_at = $1, online = true FROM target t WHERE n.id = t.id
       RETURNING ${NODE_COLUMNS}, t.online AS was_online
     ), back_online AS (
       INSERT INTO notifications (topic, message, node_id, cluster_id)
       SELECT 'discover', 'Node ''' || name || ''' is back online', id, cluster_id
       FROM touched WHERE NOT was_online
     )
     SELECT * FROM touched`,
    [now, ...params],
  );
  return rows[0];
}
