import type { Queryable } from '../../db/database.js';
import { notFound } from '../errors.js';
import type { ReleaseFixture } from './fixture.js';

export const RELEASE_STATES = ['available', 'unavailable', 'manageonly'] as const;
export type ReleaseState = (typeof RELEASE_STATES)[number];

export interface ReleaseRow {
  id: number;
  name: string;
  version: string;
  description: string | null;
  operating_system: string;
  state: ReleaseState;
  modes: string[];
  modes_metadata: Record<string, unknown>;
  roles_metadata: ReleaseFixture['roles_metadata'];
  tags_metadata: Record<string, unknown>;
  networks_metadata: ReleaseFixture['networks_metadata'];
  attributes_metadata: ReleaseFixture['attributes_metadata'];
  volumes_metadata: ReleaseFixture['volumes_metadata'];
  components_metadata: unknown[];
  deployment_tasks: unknown[];
}

/** The columns a client may set, in insert order. */
export const RELEASE_COLUMNS = [
  'name',
  'version',
  'description',
  'operating_system',
  'state',
  'modes',
  'modes_metadata',
  'roles_metadata',
  'tags_metadata',
  'networks_metadata',
  'attributes_metadata',
  'volumes_metadata',
  'components_metadata',
  'deployment_tasks',
] as const;
export type ReleaseColumn = (typeof RELEASE_COLUMNS)[number];

const JSON_COLUMNS = new Set<ReleaseColumn>([
  'modes',
  'modes_metadata',
  'roles_metadata',
  'tags_metadata',
  'networks_metadata',
  'attributes_metadata',
  'volumes_metadata',
  'components_metadata',
  'deployment_tasks',
]);

export type ReleaseValues = Partial<Record<ReleaseColumn, unknown>>;

export async function findRelease(db: Queryable, id: number): Promise<ReleaseRow | undefined> {
  const { rows } = await db.query<ReleaseRow>('SELECT * FROM releases WHERE id = $1', [id]);
  return rows[0];
}

/** Like {@link findRelease}, but a missing release is a 404 "Release not found". */
export async function getRelease(db: Queryable, id: number): Promise<ReleaseRow> {
  const release = await findRelease(db, id);
  if (!release) throw notFound('Release');
  return release;
}

export async function listReleases(db: Queryable): Promise<ReleaseRow[]> {
  const { rows } = await db.query<ReleaseRow>('SELECT * FROM releases ORDER BY id');
  return rows;
}

export async function releaseExists(
  db: Queryable,
  name: string,
  version: string,
  exceptId?: number,
): Promise<boolean> {
  const { rows } = await db.query(
    'SELECT 1 FROM releases WHERE name = $1 AND version = $2 AND id IS DISTINCT FROM $3',
    [name, version, exceptId ?? null],
  );
  return rows.length > 0;
}

export async function insertRelease(db: Queryable, values: ReleaseValues): Promise<ReleaseRow> {
  const columns = RELEASE_COLUMNS.filter((c) => values[c] !== undefined);
  const { rows } = await db.query<ReleaseRow>(
    `INSERT INTO releases (${columns.join(', ')})
     VALUES (${columns.map((_, i) => `$${i + 1}`).join(', ')}) RETURNING *`,
    columns.map((c) => encode(c, values[c])),
  );
  const row = rows[0];
  if (!row) throw new Error('release insert returned no row');
  return row;
}

export async function updateRelease(
  db: Queryable,
  id: number,
  values: ReleaseValues,
): Promise<ReleaseRow> {
  const columns = RELEASE_COLUMNS.filter((c) => values[c] !== undefined);
  if (columns.length === 0) return getRelease(db, id);
  const { rows } = await db.query<ReleaseRow>(
    `UPDATE releases SET ${columns.map((c, i) => `${c} = $${i + 2}`).join(', ')}
     WHERE id = $1 RETURNING *`,
    [id, ...columns.map((c) => encode(c, values[c]))],
  );
  const row = rows[0];
  if (!row) throw notFound('Release');
  return row;
}

function encode(column: ReleaseColumn, value: unknown): unknown {
  return JSON_COLUMNS.has(column) ? JSON.stringify(value) : value;
}

/** "newton-10.0" → "10.0": the environment version that switches Nailgun's behaviour. */
export function environmentVersion(release: Pick<ReleaseRow, 'version'>): string {
  const dash = release.version.indexOf('-');
  return dash >= 0 ? release.version.slice(dash + 1) : release.version;
}

export function isDeployable(release: Pick<ReleaseRow, 'state'>): boolean {
  return release.state === 'available';
}
