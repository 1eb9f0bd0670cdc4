/**
 * The site `local` of the embedded mode: registered on the first start, its credential kept in
 * `<dataDir>/relay/site-credential` (mode 0600) for the in-process relay's discovery proxy.
 */
import { chmod, mkdir, readFile, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import {
  createSite,
  removeSite,
  verifySiteCredential,
} from '../../../functions/core/auth/sites.js';
import { AlreadyExists } from '../../../functions/core/errors.js';
import type { Logger } from '../../../functions/core/logger.js';
import type { Database } from '../../../functions/db/database.js';

/** The embedded mode's one site. */
export const LOCAL_SITE = 'local';

/** Where the credential is kept, below the data directory. */
export function credentialPath(dataDir: string): string {
  return join(dataDir, 'relay', 'site-credential');
}

async function readKept(path: string): Promise<string | undefined> {
  try {
    return (await readFile(path, 'utf8')).trim();
  } catch {
    return undefined;
  }
}

/** The site credential: the kept one when the database still knows it, else a new site's. */
export async function ensureLocalSite(
  db: Database,
  dataDir: string,
  logger: Logger,
): Promise<string> {
  const path = credentialPath(dataDir);
  const kept = await readKept(path);
  if (kept && (await verifySiteCredential(db, kept))?.name === LOCAL_SITE) return kept;
  let created: Awaited<ReturnType<typeof createSite>>;
  try {
    created = await createSite(db, LOCAL_SITE);
  } catch (error) {
    if (!(error instanceof AlreadyExists)) throw error;
    logger.warn('site credential lost, registering the site again', { site: LOCAL_SITE });
    await removeSite(db, LOCAL_SITE);
    created = await createSite(db, LOCAL_SITE);
  }
  await mkdir(join(dataDir, 'relay'), { recursive: true, mode: 0o700 });
  await writeFile(path, `${created.credential}\n`, { mode: 0o600 });
  await chmod(path, 0o600);
  logger.info('site registered', { site: LOCAL_SITE, file: path });

  return created.credential;
}
