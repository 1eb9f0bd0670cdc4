import type { Queryable } from '../../db/database.js';
import { notFound } from '../errors.js';
import type { NodeRow } from './model.js';

/** The columns of {@link NodeRow}, with `mac` and `ip` as plain text. Alias `n` is `nodes`. */
export const NODE_COLUMNS = `n.id, n.uuid::text AS uuid, n.cluster_id, n.group_id, n.name, n.status,
  n.meta, n.mac::text AS mac, host(n.ip) AS ip, n.hostname, n.manufacturer, n.platform_name,
  n.os_platform, n.kernel_params, n.progress, n.pending_addition, n.pending_deletion,
  n.error_type, n.error_msg, n.last_contact_at, n.online, n.labels, n.roles, n.pending_roles,
  n.primary_tags, n.agent_checksum`;

/** `undefined`: every node; `null`: nodes outside any environment; a number: that environment. */
export type ClusterFilter = number | null | undefined;

function clusterWhere(cluster: ClusterFilter): string {
  if (cluster === undefined) return '';
  return cluster === null ? 'WHERE n.cluster_id IS NULL' : 'WHERE n.cluster_id = $1';
}

/** Nodes ordered by id, in one query whatever their number. */
export async function listNodes(db: Queryable, cluster: ClusterFilter): Promise<NodeRow[]> {
  const where = clusterWhere(cluster);
  const { rows } = await db.query<NodeRow>(
    `SELECT ${NODE_COLUMNS} FROM nodes n ${where} ORDER BY n.id`,
    typeof cluster === 'number' ? [cluster] : [],
  );
  return rows;
}

/** Like {@link listNodes}, with `meta` left as the JSON text PostgreSQL stores (`meta_text`). */
export async function listNodesWithMetaText(
  db: Queryable,
  cluster: ClusterFilter,
): Promise<(NodeRow & { meta_text: string })[]> {
  const where = clusterWhere(cluster);
  const columns = NODE_COLUMNS.replace(
    'n.meta,',
    "'{}'::jsonb AS meta, n.meta::text AS meta_text,",
  );
  const { rows } = await db.query<NodeRow & { meta_text: string }>(
    `SELECT ${columns} FROM nodes n ${where} ORDER BY n.id`,
    typeof cluster === 'number' ? [cluster] : [],
  );
  return rows;
}

/** Node `id`, or undefined; `lock` takes a row lock for the transaction. */
export async function findNode(
  db: Queryable,
  id: number,
  options: { lock?: boolean } = {},
): Promise<NodeRow | undefined> {
  const { rows } = await db.query<NodeRow>(
    `SELECT ${NODE_COLUMNS} FROM nodes n WHERE n.id = $1 ${options.lock ? 'FOR UPDATE' : ''}`,
    [id],
  );
  return rows[0];
}

/** Like {@link findNode}, but a missing node is a 404 "Node not found". */
export async function getNode(
  db: Queryable,
  id: number,
  options: { lock?: boolean } = {},
): Promise<NodeRow> {
  const node = await findNode(db, id, options);
  if (!node) throw notFound('Node');
  return node;
}

/** The nodes among `ids` that exist, ordered by id and locked for the transaction. */
export async function lockNodes(db: Queryable, ids: number[]): Promise<NodeRow[]> {
  const { rows } = await db.query<NodeRow>(
    `SELECT ${NODE_COLUMNS} FROM nodes n WHERE n.id = ANY($1::int[]) ORDER BY n.id FOR UPDATE`,
    [ids],
  );
  return rows;
}

/**
 * The node known by `mac` (its own MAC or one of its NICs') or by any of `nicMacs` (MACs of
 * NICs), preferring a node whose own MAC matches. All MACs in stored form.
 */
export async function findNodeByMacs(
  db: Queryable,
  mac: string | undefined,
  nicMacs: string[],
  options: { lock?: boolean } = {},
): Promise<NodeRow | undefined> {
  const { rows } = await db.query<NodeRow>(
    `SELECT ${NODE_COLUMNS} FROM nodes n
     WHERE n.mac = $1::macaddr
        OR n.id IN (SELECT node_id FROM node_nic_interfaces WHERE mac = ANY($2::macaddr[]))
     ORDER BY (n.mac = $1::macaddr) DESC, n.id LIMIT 1 ${options.lock ? 'FOR UPDATE' : ''}`,
    [mac ?? null, mac === undefined ? nicMacs : [mac, ...nicMacs]],
  );
  return rows[0];
}

/** Total nodes and nodes outside any environment. */
export async function allocationStats(
  db: Queryable,
): Promise<{ total: number; unallocated: number }> {
  const { rows } = await db.query<{ total: number; unallocated: number }>(
    `SELECT count(*)::int AS total, (count(*) FILTER (WHERE cluster_id IS NULL))::int AS unallocated
     FROM nodes`,
  );
  return rows[0] ?? { total: 0, unallocated: 0 };
}

/** The writable columns of a node, as the services change them. */
export type NodeChanges = Partial<
  Omit<NodeRow, 'id' | 'uuid' | 'last_contact_at'> & { last_contact_at: Date }
>;

const JSON_COLUMNS = new Set(['meta', 'labels']);

/** Applies `changes` to node `id` and returns the row as it now is. */
export async function updateNodeRow(
  db: Queryable,
  id: number,
  changes: NodeChanges,
): Promise<NodeRow> {
  const columns = Object.keys(changes).filter(
    (c) => changes[c as keyof NodeChanges] !== undefined,
  ) as (keyof NodeChanges)[];
  const sets = columns.map((c, i) => `${c} = $${i + 2}`);
  const { rows } = await db.query<NodeRow>(
    `UPDATE nodes n SET ${sets.length > 0 ? sets.join(', ') : 'id = id'}
     WHERE n.id = $1 RETURNING ${NODE_COLUMNS}`,
    [id, ...columns.map((c) => (JSON_COLUMNS.has(c) ? JSON.stringify(changes[c]) : changes[c]))],
  );
  const row = rows[0];
  if (!row) throw notFound('Node');
  return row;
}

/** The values of a new node; everything else takes the column default. */
export interface NewNode {
  name: string;
  mac: string;
  ip: string | null;
  meta: Record<string, unknown>;
  manufacturer: string | null;
  platform_name: string | null;
  os_platform: string | null;
  kernel_params: string | null;
  labels: Record<string, string | null>;
  agent_checksum: string | null;
  last_contact_at: Date;
}

/** Inserts a discovered, online node. */
export async function insertNode(db: Queryable, node: NewNode): Promise<NodeRow> {
  const { rows } = await db.query<NodeRow>(
    `INSERT INTO nodes AS n (name, mac, ip, meta, manufacturer, platform_name, os_platform,
                             kernel_params, labels, agent_checksum, last_contact_at, status, online)
     VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, 'discover', true)
     RETURNING ${NODE_COLUMNS}`,
    [
      node.name,
      node.mac,
      node.ip,
      JSON.stringify(node.meta),
      node.manufacturer,
      node.platform_name,
      node.os_platform,
      node.kernel_params,
      JSON.stringify(node.labels),
      node.agent_checksum,
      node.last_contact_at,
    ],
  );
  const row = rows[0];
  if (!row) throw new Error('node insert returned no row');
  return row;
}
