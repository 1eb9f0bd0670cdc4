import { InvalidData } from '../errors.js';

const MAX_ID = 2_147_483_647;

/**
 * A comma-joined query parameter as a list, the way Nailgun's `get_param_as_set` reads it:
 * absent → undefined, empty → [] (no filter), else the items trimmed and deduplicated.
 */
export function parseListParam(value: string | undefined): string[] | undefined {
  if (value === undefined) return undefined;
  if (value === '') return [];
  return [...new Set(value.split(',').map((item) => item.trim()))];
}

/** Nailgun's `parse_bool` for flags such as `?force=1`: 1/t/true and 0/f/false, any case. */
export function parseBoolParam(name: string, value: string | undefined): boolean {
  if (value === undefined) return false;
  const word = value.toLowerCase();
  if (word === '1' || word === 't' || word === 'true') return true;
  if (word === '0' || word === 'f' || word === 'false') return false;
  throw new InvalidData(`Invalid value of "${name}": ${value}`);
}

/**
 * `?cluster_id=` as a filter value: absent → undefined, empty → null (tasks of no environment),
 * an integer → that id. Ids past int4 cannot exist, so they become 0, which matches nothing.
 */
export function parseClusterIdParam(value: string | undefined): number | null | undefined {
  if (value === undefined) return undefined;
  if (value === '') return null;
  if (!/^-?\d+$/.test(value.trim())) throw new InvalidData(`Cannot convert "${value}" to int`);
  const id = Number(value);

  return Math.abs(id) > MAX_ID ? 0 : id;
}

/** `values` typed as words of `allowed`; throws `message` when one is outside it. */
export function onlyAllowed<T extends string>(
  values: readonly string[] | undefined,
  allowed: readonly T[],
  message: string,
): T[] | undefined {
  if (values === undefined) return undefined;
  const words: readonly string[] = allowed;
  if (values.some((v) => !words.includes(v))) throw new InvalidData(message);

  return values as T[];
}
