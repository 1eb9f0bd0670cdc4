import type { Queryable } from '../../db/database.js';
import { AlreadyExists, InvalidData, NotAllowed } from '../errors.js';
import { effectiveHostname, type NodeRow } from './model.js';

const LABEL = '[a-zA-Z0-9]([a-zA-Z0-9\\-]{0,61}[a-zA-Z0-9])?';

/** Nailgun's FQDN pattern: dot-separated DNS labels. */
export const HOSTNAME_PATTERN = `^(${LABEL}\\.)*${LABEL}$`;
const HOSTNAME = new RegExp(HOSTNAME_PATTERN);

function publicTlsHostname(settings: Record<string, unknown>): unknown {
  const group = settings.public_ssl as Record<string, unknown> | undefined;
  const hostname = group?.hostname as Record<string, unknown> | undefined;
  return hostname?.value;
}

async function environmentSettings(
  db: Queryable,
  clusterId: number,
): Promise<Record<string, unknown>> {
  const { rows } = await db.query<{ editable_attributes: Record<string, unknown> }>(
    'SELECT editable_attributes FROM clusters WHERE id = $1',
    [clusterId],
  );
  return rows[0]?.editable_attributes ?? {};
}

async function hostnameTaken(db: Queryable, node: NodeRow, hostname: string): Promise<boolean> {
  const { rows } = await db.query(
    `SELECT 1 FROM nodes WHERE cluster_id IS NOT DISTINCT FROM $1
       AND coalesce(hostname, 'node-' || id::text) = $2 AND id <> $3 LIMIT 1`,
    [node.cluster_id, hostname, node.id],
  );
  return rows.length > 0;
}

/**
 * Checks a new hostname for `node` (reference §2.1 row 17): DNS syntax, unchanged hostnames
 * always pass, changes only while the node is `discover`, no clash with the environment's
 * public TLS endpoint or with another node of the same environment.
 */
export async function checkHostname(
  db: Queryable,
  node: NodeRow,
  hostname: string,
  dnsDomain: string,
): Promise<void> {
  if (!HOSTNAME.test(hostname)) {
    throw new InvalidData(
      'Hostname must consist of english characters, digits, minus signs and periods. ' +
        `(The following pattern must apply ${HOSTNAME_PATTERN})`,
    );
  }
  if (hostname === effectiveHostname(node)) return;
  if (node.status !== 'discover') {
    throw new NotAllowed('Node hostname may be changed only before provisioning.');
  }
  if (node.cluster_id !== null) {
    const endpoint = publicTlsHostname(await environmentSettings(db, node.cluster_id));
    if (endpoint === hostname || endpoint === `${hostname}.${dnsDomain}`) {
      throw new InvalidData(`New hostname '${hostname}' conflicts with public TLS endpoint`);
    }
  }
  if (await hostnameTaken(db, node, hostname)) {
    throw new AlreadyExists(`Duplicate hostname '${hostname}'.`);
  }
}
