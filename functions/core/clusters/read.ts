import type { Queryable } from '../../db/database.js';
import { listClusterChanges } from './changes.js';
import type { ClusterSummary } from './model.js';
import { getCluster, listClusters } from './repository.js';
import { type ClusterJson, serializeCluster } from './serialize.js';

/** One environment as the API shows it, with its pending changes. */
export async function showCluster(db: Queryable, id: number): Promise<ClusterJson> {
  return withChanges(db, await getCluster(db, id));
}

/** Every environment as the API shows it; pending changes come in one query for all. */
export async function listClustersJson(db: Queryable): Promise<ClusterJson[]> {
  const clusters = await listClusters(db);
  const changes = await listClusterChanges(
    db,
    clusters.map((cluster) => cluster.id),
  );
  return clusters.map((cluster) => serializeCluster(cluster, changes.get(cluster.id) ?? []));
}

/** Serializes a row just read or written, in the same transaction. */
export async function withChanges(db: Queryable, cluster: ClusterSummary): Promise<ClusterJson> {
  const changes = await listClusterChanges(db, [cluster.id]);
  return serializeCluster(cluster, changes.get(cluster.id) ?? []);
}
