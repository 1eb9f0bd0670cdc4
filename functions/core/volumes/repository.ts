import type { Queryable } from '../../db/database.js';

/** The node columns (with its environment's release) that disk layouts depend on. */
export interface DiskNodeRow {
  id: number;
  cluster_id: number | null;
  status: string;
  roles: string[];
  pending_roles: string[];
  /** `meta.disks` as the agent reported it (any JSON). */
  disks: unknown;
  /** The stored layout (`nodes.volumes`), NULL for the default one. */
  volumes: unknown;
  /** The release's `volumes_metadata`; NULL outside an environment. */
  volumes_metadata: unknown;
  operating_system: string | null;
  /** Setting `storage.images_ceph`: Glance in Ceph, so controllers need no image volume. */
  images_ceph: boolean;
}

/** The node columns disk layouts need, with the environment's release and storage setting. */
const DISK_NODE_SELECT = `
  SELECT n.id, n.cluster_id, n.status, n.roles, n.pending_roles, n.meta -> 'disks' AS disks,
         n.volumes, r.volumes_metadata, r.operating_system,
         coalesce(c.editable_attributes #> '{storage,images_ceph,value}' = 'true'::jsonb, false)
           AS images_ceph
  FROM nodes n
  LEFT JOIN clusters c ON c.id = n.cluster_id
  LEFT JOIN releases r ON r.id = c.release_id`;

/** One node for its disks; `lock` takes its row for the rest of the transaction. */
export async function findDiskNode(
  db: Queryable,
  nodeId: number,
  lock = false,
): Promise<DiskNodeRow | undefined> {
  const { rows } = await db.query<DiskNodeRow>(
    `${DISK_NODE_SELECT} WHERE n.id = $1${lock ? ' FOR UPDATE OF n' : ''}`,
    [nodeId],
  );
  return rows[0];
}

/** Many nodes for their disks in one query (deployment serialization), by id. */
export async function findDiskNodes(
  db: Queryable,
  nodeIds: number[],
): Promise<Map<number, DiskNodeRow>> {
  const { rows } = await db.query<DiskNodeRow>(`${DISK_NODE_SELECT} WHERE n.id = ANY($1::int[])`, [
    nodeIds,
  ]);
  return new Map(rows.map((r) => [r.id, r]));
}

/** Stores a node's chosen layout. */
export async function storeLayout(tx: Queryable, nodeId: number, layout: unknown): Promise<void> {
  await tx.query('UPDATE nodes SET volumes = $2 WHERE id = $1', [nodeId, JSON.stringify(layout)]);
}

/** Records the pending change `disks` of a node (once). */
export async function addDisksChange(
  tx: Queryable,
  clusterId: number,
  nodeId: number,
): Promise<void> {
  await tx.query(
    `INSERT INTO cluster_changes (cluster_id, name, node_id) VALUES ($1, 'disks', $2)
     ON CONFLICT DO NOTHING`,
    [clusterId, nodeId],
  );
}
