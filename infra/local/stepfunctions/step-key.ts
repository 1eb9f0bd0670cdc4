import { createHash } from 'node:crypto';

/**
 * What identifies one step of an execution across its runs: the state's name and a hash of
 * its input, with the task token sentinel blanked so that only the work itself counts.
 */
export function stepBase(stateName: string, input: unknown, tokenSentinel: string): string {
  const hash = createHash('sha256')
    .update(stateName)
    .update('\0')
    .update(canonicalJson(input, tokenSentinel))
    .digest('base64url');

  return `${stateName}:${hash}`;
}

/**
 * The ledger key of the n-th success (from 0) of a step within one run. Counting successes,
 * not attempts, keeps a step retried by `Retry` on one key while a loop that runs the same
 * step again with the same input gets a key per pass.
 */
export function stepKey(base: string, successes: number): string {
  return `${base}#${successes}`;
}

/** JSON with object keys sorted, so equal values hash equal whatever their key order. */
function canonicalJson(value: unknown, blank: string): string {
  if (typeof value === 'string') return JSON.stringify(value.replaceAll(blank, ''));
  if (Array.isArray(value)) return `[${value.map((v) => canonicalJson(v, blank)).join(',')}]`;
  if (typeof value === 'object' && value !== null) {
    const entries = Object.entries(value)
      .filter(([, v]) => v !== undefined)
      .sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0))
      .map(([k, v]) => `${JSON.stringify(k)}:${canonicalJson(v, blank)}`);

    return `{${entries.join(',')}}`;
  }

  return JSON.stringify(value) ?? 'null';
}
