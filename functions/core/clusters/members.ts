import type { Queryable } from '../../db/database.js';

/** What membership rules need to know about a node. */
export interface MemberCandidate {
  id: number;
  cluster_id: number | null;
  online: boolean;
  /** The effective hostname: the stored one, or the default node-<id>. */
  hostname: string;
}

const HOSTNAME = "coalesce(hostname, 'node-' || id::text)";

/** The nodes with these ids, locked until the transaction ends so no other one moves them. */
export async function lockMemberCandidates(
  db: Queryable,
  ids: number[],
): Promise<MemberCandidate[]> {
  const { rows } = await db.query<MemberCandidate>(
    `SELECT id, cluster_id, online, ${HOSTNAME} AS hostname FROM nodes
     WHERE id = ANY($1) ORDER BY id FOR UPDATE`,
    [ids],
  );
  return rows;
}

/** Ids of the environment's nodes. */
export async function listMemberIds(db: Queryable, clusterId: number): Promise<number[]> {
  const { rows } = await db.query<{ id: number }>(
    'SELECT id FROM nodes WHERE cluster_id = $1 ORDER BY id',
    [clusterId],
  );
  return rows.map((row) => row.id);
}

/** Which of `hostnames` nodes of the environment already use, besides the `leaving` ones. */
export async function hostnamesInUse(
  db: Queryable,
  clusterId: number,
  hostnames: string[],
  leaving: number[],
): Promise<string[]> {
  const { rows } = await db.query<{ hostname: string }>(
    `SELECT ${HOSTNAME} AS hostname FROM nodes
     WHERE cluster_id = $1 AND NOT (id = ANY($2)) AND ${HOSTNAME} = ANY($3) ORDER BY id`,
    [clusterId, leaving, hostnames],
  );
  return rows.map((row) => row.hostname);
}

/** Puts nodes in the environment's node group `groupId`. */
export async function attachNodes(
  db: Queryable,
  clusterId: number,
  groupId: number | null,
  ids: number[],
): Promise<void> {
  await db.query('UPDATE nodes SET cluster_id = $1, group_id = $2 WHERE id = ANY($3)', [
    clusterId,
    groupId,
    ids,
  ]);
}

/**
 * Takes nodes out of their environment: roles and pending flags cleared, hostname back to the
 * default node-<id> (hostnames are only unique inside an environment), networks unassigned.
 */
export async function detachNodes(db: Queryable, ids: number[]): Promise<void> {
  await db.query(
    `UPDATE nodes SET cluster_id = NULL, group_id = NULL, hostname = NULL, roles = '{}',
                      pending_roles = '{}', primary_tags = '{}', pending_addition = false,
                      pending_deletion = false
     WHERE id = ANY($1)`,
    [ids],
  );
  await db.query(
    `DELETE FROM nic_network_assignments
     WHERE interface_id IN (SELECT id FROM node_nic_interfaces WHERE node_id = ANY($1))`,
    [ids],
  );
}
