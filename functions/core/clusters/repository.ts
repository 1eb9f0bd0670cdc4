import type { Queryable } from '../../db/database.js';
import { AlreadyExists, notFound } from '../errors.js';
import {
  type ClusterMode,
  type ClusterRow,
  type ClusterSummary,
  type JsonObject,
  type NetProvider,
  SUMMARY_COLUMNS,
} from './model.js';

/** The environment with this id, or undefined. */
export async function findCluster(db: Queryable, id: number): Promise<ClusterRow | undefined> {
  const { rows } = await db.query<ClusterRow>('SELECT * FROM clusters WHERE id = $1', [id]);
  return rows[0];
}

/** The environment with this id; a missing one is a 404 "Cluster not found". */
export async function getCluster(db: Queryable, id: number): Promise<ClusterRow> {
  const cluster = await findCluster(db, id);
  if (!cluster) throw notFound('Cluster');
  return cluster;
}

/**
 * Like {@link getCluster}, but locks the row until the transaction ends, so a read-check-write
 * sequence (attributes, networks, membership) cannot interleave with another on the same row.
 */
export async function lockCluster(tx: Queryable, id: number): Promise<ClusterRow> {
  const { rows } = await tx.query<ClusterRow>('SELECT * FROM clusters WHERE id = $1 FOR UPDATE', [
    id,
  ]);
  const cluster = rows[0];
  if (!cluster) throw notFound('Cluster');
  return cluster;
}

/** Every environment, oldest first, without the attribute columns. */
export async function listClusters(db: Queryable): Promise<ClusterSummary[]> {
  const { rows } = await db.query<ClusterSummary>(
    `SELECT ${SUMMARY_COLUMNS} FROM clusters ORDER BY id`,
  );
  return rows;
}

/** True when another environment (not `exceptId`) already has this name. */
export async function clusterNameTaken(
  db: Queryable,
  name: string,
  exceptId?: number,
): Promise<boolean> {
  const { rows } = await db.query('SELECT 1 FROM clusters WHERE name = $1 AND id <> $2', [
    name,
    exceptId ?? 0,
  ]);
  return rows.length > 0;
}

/** What a new environment row is made of. */
export interface NewCluster {
  name: string;
  mode: ClusterMode;
  netProvider: NetProvider;
  releaseId: number;
  fuelVersion: string;
  uiSettings: JsonObject;
  components: string[];
  editable: JsonObject;
  generated: JsonObject;
  networkingParameters: JsonObject;
}

/** Inserts the environment; a name taken meanwhile by a concurrent request is a 409. */
export async function insertCluster(db: Queryable, c: NewCluster): Promise<ClusterRow> {
  const { rows } = await guardName(
    db.query<ClusterRow>(
      `INSERT INTO clusters (name, mode, net_provider, release_id, fuel_version, ui_settings,
                           components, editable_attributes, generated_attributes,
                           networking_parameters)
     VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10) RETURNING *`,
      [
        c.name,
        c.mode,
        c.netProvider,
        c.releaseId,
        c.fuelVersion,
        JSON.stringify(c.uiSettings),
        JSON.stringify(c.components),
        JSON.stringify(c.editable),
        JSON.stringify(c.generated),
        JSON.stringify(c.networkingParameters),
      ],
    ),
  );
  const row = rows[0];
  if (!row) throw new Error('cluster insert returned no row');
  return row;
}

/** The columns a service may rewrite after creation. */
export interface ClusterChanges {
  name?: string;
  mode?: ClusterMode;
  ui_settings?: JsonObject;
  editable_attributes?: JsonObject;
  generated_attributes?: JsonObject;
  networking_parameters?: JsonObject;
}

const JSON_COLUMNS = new Set<keyof ClusterChanges>([
  'ui_settings',
  'editable_attributes',
  'generated_attributes',
  'networking_parameters',
]);

/** Writes the given columns and returns the row; nothing given reads the row back. */
export async function updateCluster(
  db: Queryable,
  id: number,
  changes: ClusterChanges,
): Promise<ClusterRow> {
  const columns = (Object.keys(changes) as (keyof ClusterChanges)[]).filter(
    (column) => changes[column] !== undefined,
  );
  if (columns.length === 0) return getCluster(db, id);
  const values = columns.map((column) =>
    JSON_COLUMNS.has(column) ? JSON.stringify(changes[column]) : changes[column],
  );
  const { rows } = await guardName(
    db.query<ClusterRow>(
      `UPDATE clusters SET ${columns.map((column, i) => `${column} = $${i + 2}`).join(', ')}
       WHERE id = $1 RETURNING *`,
      [id, ...values],
    ),
  );
  const row = rows[0];
  if (!row) throw notFound('Cluster');
  return row;
}

/** Deletes the row; node groups, networks and pending changes go with it (ON DELETE CASCADE). */
export async function deleteClusterRow(db: Queryable, id: number): Promise<void> {
  await db.query('DELETE FROM clusters WHERE id = $1', [id]);
}

/** True while a task of the environment is pending or running. */
export async function hasActiveTask(db: Queryable, clusterId: number): Promise<boolean> {
  const { rows } = await db.query(
    `SELECT 1 FROM tasks WHERE cluster_id = $1 AND deleted_at IS NULL
       AND status IN ('pending', 'running') LIMIT 1`,
    [clusterId],
  );
  return rows.length > 0;
}

/**
 * The name check and the write are two statements: a concurrent request may take the name in
 * between, and the unique key then answers with Nailgun's text instead of the database's.
 */
async function guardName<T>(write: Promise<T>): Promise<T> {
  try {
    return await write;
  } catch (error) {
    const { code, constraint } = error as { code?: unknown; constraint?: unknown };
    if (code === '23505' && constraint === 'clusters_name_key') {
      throw new AlreadyExists('Environment with this name already exists', { cause: error });
    }
    throw error;
  }
}
