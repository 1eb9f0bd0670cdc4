import type { Context } from 'hono';
import { stringify } from 'yaml';
import type { AppEnv } from '../env.js';

/** Nailgun's anti-cache headers, sent with every API answer. */
export const NO_CACHE_HEADERS = {
  'Cache-Control': 'store, no-cache, must-revalidate, post-check=0, pre-check=0',
  Pragma: 'no-cache',
  Expires: 'Thu, 01 Jan 1970 00:00:00 GMT',
} as const;

/**
 * A JSON document already written as text (large lists assembled from stored JSON without
 * parsing it): sent as is, and parsed only when the client asked for YAML.
 */
export class RawJson {
  constructor(readonly text: string) {}
}

/** Answers `data` in the negotiated format (JSON unless the client asked for YAML). */
export function reply(
  c: Context<AppEnv>,
  data: unknown,
  status = 200,
  headers: Record<string, string> = {},
): Response {
  const all: Record<string, string> = { ...NO_CACHE_HEADERS, ...headers };
  if (status === 204) return new Response(null, { status, headers: all });
  if (c.get('format') === 'yaml') {
    all['Content-Type'] = 'application/x-yaml';
    const value = data instanceof RawJson ? JSON.parse(data.text) : data;
    return new Response(stringify(value ?? null), { status, headers: all });
  }
  all['Content-Type'] = 'application/json';
  const text = data instanceof RawJson ? data.text : JSON.stringify(data ?? null);
  return new Response(text, { status, headers: all });
}
