import type { Queryable } from '../../db/database.js';

/** What role checks need to know about an environment: its release's roles and its settings. */
export interface RoleContext {
  clusterId: number;
  /** `roles_metadata` of the environment's release, role name to metadata. */
  rolesMetadata: Record<string, unknown>;
  /** The environment's editable attributes (`settings:` in restriction conditions). */
  settings: Record<string, unknown>;
}

/** The role context of environment `clusterId`, or undefined when it does not exist. */
export async function findRoleContext(
  db: Queryable,
  clusterId: number,
): Promise<RoleContext | undefined> {
  const { rows } = await db.query<{
    id: number;
    roles_metadata: Record<string, unknown> | null;
    editable_attributes: Record<string, unknown> | null;
  }>(
    `SELECT c.id, r.roles_metadata, c.editable_attributes
     FROM clusters c JOIN releases r ON r.id = c.release_id WHERE c.id = $1`,
    [clusterId],
  );
  const row = rows[0];
  if (!row) return undefined;
  return {
    clusterId: row.id,
    rolesMetadata: row.roles_metadata ?? {},
    settings: row.editable_attributes ?? {},
  };
}
