import type { Database, Queryable } from '../../db/database.js';
import { NotFound, notFound } from '../errors.js';
import { applyDiskRequest, type RequestedDisk } from './apply-request.js';
import type { DiskJson, VolumeInfoJson } from './model.js';
import { describeNodeDisks, type NodeDiskLayout } from './node-layout.js';
import { addDisksChange, findDiskNode, storeLayout } from './repository.js';

/**
 * A node's disks, needed spaces and layouts (what provisioning turns into partitions).
 * Throws 404 "Node not found" for an unknown node.
 */
export async function nodeDiskLayout(db: Queryable, nodeId: number): Promise<NodeDiskLayout> {
  const node = await findDiskNode(db, nodeId);
  if (!node) throw notFound('Node');
  return describeNodeDisks(node);
}

/** `GET /nodes/{id}/disks`: the current layout. */
export async function getNodeDisks(db: Queryable, nodeId: number): Promise<DiskJson[]> {
  return (await nodeDiskLayout(db, nodeId)).current;
}

/** `GET /nodes/{id}/disks/defaults`: the layout the release proposes for the node's roles. */
export async function getDefaultDisks(db: Queryable, nodeId: number): Promise<DiskJson[]> {
  return (await nodeDiskLayout(db, nodeId)).defaults;
}

/**
 * `GET /nodes/{id}/volumes`: each space of the node with its minimum and its total size over all
 * disks. Like Nailgun, 404 for a node outside an environment, whose needs are unknown.
 */
export async function getNodeVolumes(db: Queryable, nodeId: number): Promise<VolumeInfoJson[]> {
  const layout = await nodeDiskLayout(db, nodeId);
  if (layout.node.cluster_id === null) {
    throw new NotFound('Cannot calculate volumes info. Please, add node to an environment.');
  }
  return layout.spaces.map((space) => ({
    name: space.id,
    label: space.label,
    min_size: space.minSize,
    size: layout.current
      .flatMap((disk) => disk.volumes.filter((v) => v.name === space.id))
      .reduce((sum, v) => sum + v.size, 0),
  }));
}

/** `PUT /nodes/{id}/disks`: checks, stores the new layout and records the pending change. */
export async function updateNodeDisks(
  db: Database,
  nodeId: number,
  request: RequestedDisk[],
): Promise<DiskJson[]> {
  return db.transaction(async (tx) => {
    const node = await findDiskNode(tx, nodeId, true);
    if (!node) throw notFound('Node');
    const disks = applyDiskRequest(describeNodeDisks(node), request);
    await storeLayout(tx, nodeId, disks);
    if (node.cluster_id !== null) await addDisksChange(tx, node.cluster_id, nodeId);
    return disks;
  });
}
