/**
 * Login tokens as 3.3.7 issues them: 36 characters (base64 of 25 random bytes), valid for
 * `auth_token_expiration` (3600 s) after their last use.
 */
import { randomBytes } from 'node:crypto';
import { cx, pyError } from './faults.js';

const TOKEN_LIFETIME_MS = 3_600_000;

/** The tokens handed out by `login`, and the users they belong to. */
export class TokenStore {
  readonly #users: ReadonlyMap<string, string>;
  readonly #tokens = new Map<string, { user: string; usedAt: number }>();
  readonly #everIssued = new Set<string>();

  constructor(users: Readonly<Record<string, string>>) {
    this.#users = new Map(Object.entries(users));
  }

  /** `login(user, password)`: a new token, or the CX fault `login failed (<user>)`. */
  login(user: unknown, password: unknown): string {
    if (typeof user !== 'string' || this.#users.get(user) !== password) {
      throw cx(`login failed (${String(user)})`);
    }
    const token = randomBytes(25).toString('base64');
    this.#tokens.set(token, { user, usedAt: Date.now() });
    this.#everIssued.add(token);
    return token;
  }

  /** `check_access`: the user of a valid token; ValueError when it is no token, CX when unknown. */
  userOf(token: unknown): string {
    if (typeof token !== 'string' || token.length !== 36) {
      throw pyError('ValueError', '"token" did not have the correct format or type!');
    }
    this.#expire();
    const entry = this.#tokens.get(token);
    if (entry === undefined) throw cx(`invalid token: ${token}`);
    entry.usedAt = Date.now();
    return entry.user;
  }

  /** `token_check`: true for a live token, false otherwise (no fault). */
  isValid(token: unknown): boolean {
    this.#expire();
    return typeof token === 'string' && this.#tokens.has(token);
  }

  /** `logout`: retires the token; false when it was not live. */
  logout(token: unknown): boolean {
    return typeof token === 'string' && this.#tokens.delete(token);
  }

  /** True if `value` is a token this store ever issued (for masking call logs). */
  issued(value: unknown): boolean {
    return typeof value === 'string' && this.#everIssued.has(value);
  }

  #expire(): void {
    const oldest = Date.now() - TOKEN_LIFETIME_MS;
    for (const [token, entry] of this.#tokens) {
      if (entry.usedAt < oldest) this.#tokens.delete(token);
    }
  }
}
