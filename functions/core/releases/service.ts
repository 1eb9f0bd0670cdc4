import type { Database } from '../../db/database.js';
import { AlreadyExists, InvalidData } from '../errors.js';
import {
  environmentVersion,
  getRelease,
  insertRelease,
  isDeployable,
  listReleases,
  type ReleaseRow,
  type ReleaseValues,
  releaseExists,
  updateRelease,
} from './repository.js';

/** The release object as Nailgun serializes it. */
export function serializeRelease(release: ReleaseRow) {
  return {
    id: release.id,
    name: release.name,
    version: release.version,
    description: release.description,
    operating_system: release.operating_system,
    state: release.state,
    modes: release.modes,
    modes_metadata: release.modes_metadata,
    roles: Object.keys(release.roles_metadata),
    roles_metadata: release.roles_metadata,
    tags_metadata: release.tags_metadata,
    attributes_metadata: release.attributes_metadata,
    components_metadata: release.components_metadata,
    is_deployable: isDeployable(release),
  };
}

/** Releases newest first: environment version, then OpenStack version, then Ubuntu first. */
export async function listReleasesSorted(db: Database): Promise<ReleaseRow[]> {
  const rows = await listReleases(db);
  return rows.sort(
    (a, b) =>
      compareVersions(environmentVersion(b), environmentVersion(a)) ||
      compareVersions(openstackVersion(b), openstackVersion(a)) ||
      osRank(a.operating_system) - osRank(b.operating_system) ||
      a.id - b.id,
  );
}

export async function createRelease(db: Database, values: ReleaseValues): Promise<ReleaseRow> {
  if (!values.name) throw new InvalidData('No release name specified');
  if (!values.version) throw new InvalidData('No release version specified');
  if (!values.operating_system) throw new InvalidData('No release operating system specified');
  checkRoleTags(values);
  return db.transaction(async (tx) => {
    if (await releaseExists(tx, String(values.name), String(values.version))) {
      throw new AlreadyExists('Release with the same name and version already exists');
    }
    return insertRelease(tx, values);
  });
}

export async function changeRelease(
  db: Database,
  id: number,
  values: ReleaseValues,
): Promise<ReleaseRow> {
  return db.transaction(async (tx) => {
    const current = await getRelease(tx, id);
    checkRoleTags({
      roles_metadata: values.roles_metadata ?? current.roles_metadata,
      tags_metadata: values.tags_metadata ?? current.tags_metadata,
    });
    const name = String(values.name ?? current.name);
    const version = String(values.version ?? current.version);
    if (await releaseExists(tx, name, version, id)) {
      throw new AlreadyExists('Release with the same name and version already exists');
    }
    return updateRelease(tx, id, values);
  });
}

export async function removeRelease(db: Database, id: number): Promise<void> {
  await db.transaction(async (tx) => {
    await getRelease(tx, id);
    const used = await tx.query('SELECT 1 FROM clusters WHERE release_id = $1 LIMIT 1', [id]);
    if (used.rows.length > 0) throw new InvalidData("Can't delete release with clusters assigned");
    await tx.query('DELETE FROM releases WHERE id = $1', [id]);
  });
}

/** Every tag a role names must be declared in tags_metadata. */
function checkRoleTags(values: ReleaseValues): void {
  const roles = (values.roles_metadata ?? {}) as Record<string, { tags?: unknown }>;
  const tags = (values.tags_metadata ?? {}) as Record<string, unknown>;
  for (const [role, meta] of Object.entries(roles)) {
    const roleTags = Array.isArray(meta?.tags) ? meta.tags : [];
    const missing = roleTags.filter((t) => typeof t !== 'string' || !(t in tags));
    if (missing.length > 0) {
      throw new InvalidData(
        `Tags ${missing.join(', ')} are present for role ${role}, but absent in release tags metadata`,
      );
    }
  }
}

function openstackVersion(release: ReleaseRow): string {
  const dash = release.version.indexOf('-');
  return dash >= 0 ? release.version.slice(0, dash) : '';
}

function osRank(os: string): number {
  return os.toLowerCase() === 'ubuntu' ? 0 : 1;
}

function compareVersions(a: string, b: string): number {
  const x = a.split(/[.-]/);
  const y = b.split(/[.-]/);
  for (let i = 0; i < Math.max(x.length, y.length); i++) {
    const p = x[i] ?? '';
    const q = y[i] ?? '';
    const np = Number(p);
    const nq = Number(q);
    const order =
      p !== '' && q !== '' && !Number.isNaN(np) && !Number.isNaN(nq) ? np - nq : p.localeCompare(q);
    if (order !== 0) return order;
  }
  return 0;
}
