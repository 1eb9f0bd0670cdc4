import { evaluateCondition } from './expression.js';

/** A restriction in Nailgun's canonical form. */
export interface CanonicalRestriction {
  condition: string;
  message?: string;
}

/**
 * Nailgun accepts three spellings of a restriction: a bare condition string, an object with
 * `condition` (and `message`), and a one-key object mapping the condition to its message.
 */
export function canonicalRestriction(raw: unknown): CanonicalRestriction | undefined {
  if (typeof raw === 'string') return { condition: raw };
  if (typeof raw !== 'object' || raw === null) return undefined;
  const entry = raw as Record<string, unknown>;
  if (typeof entry.condition === 'string') {
    return typeof entry.message === 'string'
      ? { condition: entry.condition, message: entry.message }
      : { condition: entry.condition };
  }
  const keys = Object.keys(entry);
  const only = keys[0];
  if (keys.length === 1 && only !== undefined && typeof entry[only] === 'string') {
    return { condition: only, message: entry[only] as string };
  }
  return undefined;
}

/**
 * The restrictions whose condition holds for these settings. Restrictions that cannot be
 * evaluated (see {@link evaluateCondition}) are left out rather than guessed.
 */
export function satisfiedRestrictions(
  restrictions: unknown,
  settings: Record<string, unknown>,
): CanonicalRestriction[] {
  if (!Array.isArray(restrictions)) return [];
  return restrictions
    .map(canonicalRestriction)
    .filter((r): r is CanonicalRestriction => r !== undefined)
    .filter((r) => evaluateCondition(r.condition, settings) === true);
}
