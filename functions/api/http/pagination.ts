import { z } from 'zod';
import { InvalidData, RangeNotSatisfiable } from '../../core/errors.js';

/** Query parameters of Nailgun's generic collection handler. */
export const paginationQuery = z.object({
  limit: z.string().optional(),
  offset: z.string().optional(),
  order_by: z.string().optional(),
});

export type PaginationQuery = z.infer<typeof paginationQuery>;

export interface Page<T> {
  items: T[];
  /** `Content-Range` header when the client paged, else undefined. */
  contentRange?: string;
}

/**
 * Orders and slices a serialized collection as Nailgun does: `order_by=a,-b`, then
 * `offset`/`limit`; paging answers a `Content-Range: objects <first>-<last>/<total>` header.
 */
export function paginate<T extends object>(all: T[], query: PaginationQuery): Page<T> {
  const limit = toCount(query.limit, 'limit');
  const offset = toCount(query.offset, 'offset');
  const ordered = query.order_by ? orderBy(all, query.order_by) : all;
  if (limit === undefined && offset === undefined) return { items: ordered };

  const start = offset ?? 0;
  if (start > 0 && start >= ordered.length) {
    throw new RangeNotSatisfiable(`Offset ${start} is past the end of ${ordered.length} objects`);
  }
  const items = ordered.slice(start, limit === undefined ? undefined : start + limit);
  const first = items.length === 0 ? 0 : start + 1;
  return { items, contentRange: `objects ${first}-${start + items.length}/${ordered.length}` };
}

function toCount(text: string | undefined, name: string): number | undefined {
  if (text === undefined || text === '') return undefined;
  if (!/^-?\d+$/.test(text.trim())) throw new InvalidData(`Cannot convert "${text}" to int`);
  const value = Number(text);
  if (value < 0) throw new InvalidData(`Negative ${name} is not allowed`);
  return value;
}

function orderBy<T extends object>(items: T[], spec: string): T[] {
  const keys = spec
    .split(',')
    .map((k) => k.trim())
    .filter(Boolean)
    .map((k) => (k.startsWith('-') ? { key: k.slice(1), sign: -1 } : { key: k, sign: 1 }));
  return [...items].sort((a, b) => {
    for (const { key, sign } of keys) {
      const x = (a as Record<string, unknown>)[key];
      const y = (b as Record<string, unknown>)[key];
      const order = compare(x, y);
      if (order !== 0) return order * sign;
    }
    return 0;
  });
}

function compare(x: unknown, y: unknown): number {
  if (x === y) return 0;
  if (x === null || x === undefined) return -1;
  if (y === null || y === undefined) return 1;
  if (typeof x === 'number' && typeof y === 'number') return x - y;
  return String(x).localeCompare(String(y));
}
