import type { Queryable } from '../../../db/database.js';
import type { DiskNodeRow } from '../../volumes/repository.js';

/** The disk rows of many nodes in one query (the shape `describeNodeDisks` reads). */
export async function findDiskNodes(
  db: Queryable,
  nodeIds: number[],
): Promise<Map<number, DiskNodeRow>> {
  const { rows } = await db.query<DiskNodeRow>(
    `SELECT n.id, n.cluster_id, n.status, n.roles, n.pending_roles, n.meta -> 'disks' AS disks,
            n.volumes, r.volumes_metadata, r.operating_system,
            coalesce(c.editable_attributes #> '{storage,images_ceph,value}' = 'true'::jsonb, false)
              AS images_ceph
     FROM nodes n
     LEFT JOIN clusters c ON c.id = n.cluster_id
     LEFT JOIN releases r ON r.id = c.release_id
     WHERE n.id = ANY($1::int[])`,
    [nodeIds],
  );

  return new Map(rows.map((r) => [r.id, r]));
}
