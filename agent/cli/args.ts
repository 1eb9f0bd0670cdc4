import { parseArgs } from 'node:util';
import { usageError } from './errors.js';

type OptionSpec = { type: 'string' | 'boolean'; short?: string; multiple?: boolean };

/** Options every command takes. */
const COMMON = {
  json: { type: 'boolean' },
  help: { type: 'boolean', short: 'h' },
} as const;

/**
 * Parses a command's arguments strictly (unknown options and missing values are usage errors
 * that repeat the command's usage). Adds `--json` and `--help`.
 */
export function parseCommand<const O extends Record<string, OptionSpec>>(
  args: string[],
  options: O,
  usage: string,
) {
  try {
    return parseArgs({
      args,
      options: { ...options, ...COMMON },
      allowPositionals: true,
      strict: true,
    });
  } catch (error) {
    throw usageError(error instanceof Error ? error.message : String(error), usage);
  }
}

const ID = /^[1-9]\d{0,9}$/;

/** A positive integer id, or a usage error naming `what`. */
export function parseId(text: string | undefined, what: string, usage: string): number {
  if (text === undefined || text === '') throw usageError(`${what} is required`, usage);
  if (!ID.test(text) || Number(text) > 2_147_483_647) {
    throw usageError(`${what} must be a positive integer, not '${text}'`, usage);
  }
  return Number(text);
}

/** An optional id: undefined when the option was not given. */
export function parseOptionalId(
  text: string | undefined,
  what: string,
  usage: string,
): number | undefined {
  return text === undefined ? undefined : parseId(text, what, usage);
}

/** `1,2,3` as ids, duplicates dropped. */
export function parseIdList(text: string | undefined, what: string, usage: string): number[] {
  const ids = splitList(text).map((part) => parseId(part, what, usage));
  if (ids.length === 0) throw usageError(`${what} is required`, usage);

  return [...new Set(ids)];
}

/** `a,b` as a list of non-empty words. */
export function splitList(text: string | undefined): string[] {
  return (text ?? '')
    .split(',')
    .map((part) => part.trim())
    .filter((part) => part !== '');
}

/** Refuses positional arguments beyond the `expected` count. */
export function expectPositionals(positionals: string[], expected: number, usage: string): void {
  const extra = positionals.slice(expected);
  if (extra.length > 0) throw usageError(`unexpected argument '${extra[0]}'`, usage);
}
