import type { Database } from '../../db/database.js';
import { InvalidData } from '../errors.js';
import { createNotification } from '../notifications/create.js';
import { insertTask, serializeTask, type TaskJson } from '../tasks/model.js';
import { listMemberIds } from './members.js';
import { deleteClusterRow, hasActiveTask, lockCluster } from './repository.js';

/**
 * Deletes an environment that has no nodes, synchronously: a finished `cluster_deletion` task
 * and a `done` notification record it. Answers undefined, changing nothing, when the
 * environment has nodes: erasing them is a run of the orchestrator.
 */
export async function deleteEmptyCluster(db: Database, id: number): Promise<TaskJson | undefined> {
  return db.transaction(async (tx) => {
    const cluster = await lockCluster(tx, id);
    if (await hasActiveTask(tx, id)) {
      throw new InvalidData(
        `Can't delete environment '${id}' when running deployment task exists.`,
      );
    }
    if ((await listMemberIds(tx, id)).length > 0) return undefined;

    const message = `Environment '${cluster.name}' is deleted`;
    // The task outlives the environment (its rows cascade away), so it belongs to none.
    const task = await insertTask(tx, {
      name: 'cluster_deletion',
      clusterId: null,
      status: 'ready',
      progress: 100,
      message,
    });
    await createNotification(tx, { topic: 'done', message, taskId: task.id });
    await deleteClusterRow(tx, id);
    return serializeTask(task);
  });
}
