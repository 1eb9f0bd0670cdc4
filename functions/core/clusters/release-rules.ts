import type { Queryable } from '../../db/database.js';
import { InvalidData, NotAllowed } from '../errors.js';
import { findRelease, isDeployable, type ReleaseRow } from '../releases/repository.js';

const MAX_ID = 2_147_483_647;

/**
 * The release a new environment is built from (`release_id`, or its alias `release`), with
 * Nailgun's texts: missing → "Release ID is required", unknown → "Invalid release ID", not
 * available → 403 "... is not deployable.".
 */
export async function deployableRelease(db: Queryable, given: unknown): Promise<ReleaseRow> {
  if (given === undefined || given === null || given === 0 || given === '') {
    throw new InvalidData('Release ID is required');
  }
  const id = typeof given === 'number' && Number.isInteger(given) ? given : Number.NaN;
  const release = id > 0 && id <= MAX_ID ? await findRelease(db, id) : undefined;
  if (!release) throw new InvalidData('Invalid release ID');
  if (!isDeployable(release)) {
    throw new NotAllowed(`Release with ID '${release.id}' is not deployable.`);
  }
  return release;
}

/** A mode must be one the release offers (`modes`). */
export function checkMode(mode: string | undefined, release: ReleaseRow): void {
  if (mode === undefined) return;
  const modes = Array.isArray(release.modes) ? release.modes.map(String) : [];
  if (!modes.includes(mode)) {
    throw new InvalidData(
      `Cannot deploy in ${mode} mode in current release. Need to be one of: ${modes.join(', ')}`,
    );
  }
}
