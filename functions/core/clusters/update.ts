import type { Database } from '../../db/database.js';
import { AlreadyExists, InvalidData } from '../errors.js';
import { getRelease } from '../releases/repository.js';
import { replaceMembers } from './membership.js';
import type { ClusterMode, JsonObject } from './model.js';
import { findDefaultNodegroupId } from './nodegroups.js';
import { withChanges } from './read.js';
import { checkMode } from './release-rules.js';
import { clusterNameTaken, lockCluster, updateCluster } from './repository.js';
import type { ClusterJson } from './serialize.js';

/** The fields PUT /clusters/{id} acts on; anything else in the body is ignored. */
export interface ClusterUpdateInput {
  name?: string | undefined;
  mode?: string | undefined;
  ui_settings?: JsonObject | undefined;
  /** The complete new list of the environment's nodes. */
  nodes?: number[] | undefined;
  /** Accepted only when it repeats the current provider. */
  net_provider?: unknown;
}

/** Renames an environment, changes its mode or UI settings, or replaces its node list. */
export async function changeCluster(
  db: Database,
  id: number,
  input: ClusterUpdateInput,
): Promise<ClusterJson> {
  return db.transaction(async (tx) => {
    const cluster = await lockCluster(tx, id);
    if (input.name !== undefined && (await clusterNameTaken(tx, input.name, id))) {
      throw new AlreadyExists('Environment with this name already exists');
    }
    if (input.net_provider !== undefined && input.net_provider !== cluster.net_provider) {
      throw new InvalidData("Changing 'net_provider' for environment is prohibited");
    }
    if (input.mode !== undefined) checkMode(input.mode, await getRelease(tx, cluster.release_id));

    const updated = await updateCluster(tx, id, {
      name: input.name,
      mode: input.mode as ClusterMode | undefined,
      ui_settings: input.ui_settings,
    });
    if (input.nodes !== undefined) {
      await replaceMembers(tx, id, await findDefaultNodegroupId(tx, id), input.nodes);
    }
    return withChanges(tx, updated);
  });
}
