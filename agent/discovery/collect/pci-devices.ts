import type { Host } from '../host.js';

/** How long lshw may take by default (setting `lshw_timeout`, seconds). */
export const DEFAULT_LSHW_TIMEOUT_SECONDS = 60;

/** Drops what changes between two runs on a steady machine (a CPU's current clock). */
function withoutVolatile(value: unknown): unknown {
  if (Array.isArray(value)) return value.map(withoutVolatile);
  if (typeof value !== 'object' || value === null) return value;
  const entries = Object.entries(value).map(([k, v]) => [k, withoutVolatile(v)] as const);
  const processor = (value as Record<string, unknown>).class === 'processor';
  return Object.fromEntries(entries.filter(([k]) => !(processor && k === 'size')));
}

/**
 * The `lshw -json -sanitize` tree Nailgun shows for nodes in discovery; `{}` when lshw is
 * missing, fails, times out or prints something that is not JSON.
 */
export async function collectPciDevices(host: Host, timeoutSeconds: number): Promise<unknown> {
  const output = await host.run('lshw', ['-json', '-sanitize'], timeoutSeconds * 1000);
  if (output === undefined) return {};
  try {
    return withoutVolatile(JSON.parse(output));
  } catch {
    return {};
  }
}
