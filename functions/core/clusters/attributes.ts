import type { Database, Queryable } from '../../db/database.js';
import { InvalidData, NotFound } from '../errors.js';
import { getRelease } from '../releases/repository.js';
import { defaultEditable } from './attribute-defaults.js';
import { checkEditableValues, checkLockedChange, checkProvisionMethod } from './attribute-rules.js';
import { addClusterChange } from './changes.js';
import { deepMerge } from './deep-merge.js';
import { isJsonObject, isLocked, type JsonObject } from './model.js';
import { getCluster, lockCluster, updateCluster } from './repository.js';

/** The answer of the attribute routes. */
export interface EditableAttributes {
  editable: JsonObject;
}

/** GET /clusters/{id}/attributes: the environment's settings. */
export async function getEditableAttributes(
  db: Queryable,
  clusterId: number,
): Promise<EditableAttributes> {
  return { editable: (await getCluster(db, clusterId)).editable_attributes };
}

/**
 * PUT/PATCH /clusters/{id}/attributes: deep-merges `{"editable": {...}}` into the stored
 * settings after Nailgun's checks; `force` lets a locked environment change anyway.
 */
export async function patchEditableAttributes(
  db: Database,
  clusterId: number,
  body: JsonObject,
  force: boolean,
): Promise<EditableAttributes> {
  return db.transaction(async (tx) => {
    const cluster = await lockCluster(tx, clusterId);
    const requested = requestedEditable(body);
    const merged = deepMerge(cluster.editable_attributes, requested);
    checkProvisionMethod(merged, await getRelease(tx, cluster.release_id));
    if (isLocked(cluster.status) && !force) {
      checkLockedChange(cluster.editable_attributes, requested);
    }
    checkEditableValues(merged);

    await updateCluster(tx, clusterId, { editable_attributes: merged });
    await addClusterChange(tx, clusterId, 'attributes');
    return { editable: merged };
  });
}

function requestedEditable(body: JsonObject): JsonObject {
  if ('generated' in body) {
    throw new InvalidData('It is not allowed to update generated attributes');
  }
  const editable = body.editable ?? {};
  if (!isJsonObject(editable)) throw new InvalidData('Editable attributes should be a dictionary');
  for (const [name, group] of Object.entries(editable)) {
    if (!isJsonObject(group)) {
      throw new InvalidData(`Attribute group '${name}' should be a dictionary`);
    }
  }
  return editable;
}

/** The release's defaults for this environment, with freshly generated values. */
export async function getDefaultAttributes(
  db: Queryable,
  clusterId: number,
): Promise<EditableAttributes> {
  const cluster = await getCluster(db, clusterId);
  return { editable: defaultEditable(cluster, await getRelease(db, cluster.release_id)) };
}

/** PUT /clusters/{id}/attributes/defaults: replaces the settings with the release defaults. */
export async function resetAttributesToDefaults(
  db: Database,
  clusterId: number,
): Promise<EditableAttributes> {
  return db.transaction(async (tx) => {
    const cluster = await lockCluster(tx, clusterId);
    const editable = defaultEditable(cluster, await getRelease(tx, cluster.release_id));

    await updateCluster(tx, clusterId, { editable_attributes: editable });
    await addClusterChange(tx, clusterId, 'attributes');
    return { editable };
  });
}

/** The settings the last successful deployment used. */
export async function getDeployedAttributes(db: Queryable, clusterId: number): Promise<JsonObject> {
  const cluster = await getCluster(db, clusterId);
  if (cluster.deployed_attributes === null) {
    throw new NotFound('Cluster does not have deployed attributes!');
  }
  return cluster.deployed_attributes;
}

/** GET /clusters/{id}/generated: the values made when the environment was created. */
export async function getGeneratedAttributes(
  db: Queryable,
  clusterId: number,
): Promise<JsonObject> {
  return (await getCluster(db, clusterId)).generated_attributes;
}
