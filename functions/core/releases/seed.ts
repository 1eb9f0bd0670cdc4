import type { Database } from '../../db/database.js';
import { SEED_RELEASE } from './fixture.js';
import { insertRelease, releaseExists } from './repository.js';

const SEED_MARK = 'seed:release:newton-10.0';

/**
 * Adds the OpenStack-on-Ubuntu release on the first start of an installation. The mark in
 * schema_migrations makes it happen once: a release the operator deletes stays deleted.
 */
export async function seedReleases(db: Database): Promise<boolean> {
  return db.transaction(async (tx) => {
    const marked = await tx.query(
      'INSERT INTO schema_migrations (name) VALUES ($1) ON CONFLICT (name) DO NOTHING RETURNING name',
      [SEED_MARK],
    );
    if (marked.rows.length === 0) return false;
    if (await releaseExists(tx, SEED_RELEASE.name, SEED_RELEASE.version)) return false;
    await insertRelease(tx, { ...SEED_RELEASE });
    return true;
  });
}
