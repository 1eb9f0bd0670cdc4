import type { Queryable } from '../../db/database.js';
import { generatePassword, hashPassword, verifyPassword } from './passwords.js';

export interface User {
  id: number;
  username: string;
  roles: string[];
}

/**
 * Creates the `admin` user when there is no user yet. Returns the password when this call
 * generated it (the host prints it once); undefined when nothing was created or it was given.
 */
export async function ensureAdmin(
  db: Queryable,
  configuredPassword: string | undefined,
): Promise<{ created: boolean; generatedPassword?: string }> {
  const { rows } = await db.query<{ n: number }>('SELECT count(*)::int AS n FROM users');
  if ((rows[0]?.n ?? 0) > 0) return { created: false };
  const password = configuredPassword || generatePassword();
  const inserted = await db.query(
    `INSERT INTO users (username, password_hash, roles) VALUES ('admin', $1, '{admin}')
     ON CONFLICT (username) DO NOTHING`,
    [await hashPassword(password)],
  );
  if (inserted.rowCount === 0) return { created: false };
  return configuredPassword ? { created: true } : { created: true, generatedPassword: password };
}

/** The user whose name and password match, or undefined (same answer for both mistakes). */
export async function authenticate(
  db: Queryable,
  username: string,
  password: string,
): Promise<User | undefined> {
  const { rows } = await db.query<User & { password_hash: string }>(
    'SELECT id, username, roles, password_hash FROM users WHERE username = $1',
    [username],
  );
  const row = rows[0];
  if (!row || !(await verifyPassword(password, row.password_hash))) return undefined;
  return { id: row.id, username: row.username, roles: row.roles };
}
