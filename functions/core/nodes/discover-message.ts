import type { NodeMeta } from './model.js';

const GIB = 1024 ** 3;

/** Python's `str(float)`: whole numbers keep one decimal ("8.0"), as Nailgun's messages show. */
function formatFloat(value: number): string {
  return Number.isInteger(value) ? value.toFixed(1) : String(value);
}

function round1(value: number): number {
  return Math.round(value * 10) / 10;
}

function field(value: unknown, key: string): unknown {
  return typeof value === 'object' && value !== null
    ? (value as Record<string, unknown>)[key]
    : undefined;
}

function cpuPart(meta: NodeMeta): string | undefined {
  const total = field(meta.cpu, 'total');
  return typeof total === 'number' ? `${total} CPUs` : undefined;
}

function ramPart(meta: NodeMeta): string | undefined {
  const total = field(meta.memory, 'total');
  return typeof total === 'number' ? `${formatFloat(round1(total / GIB))} GB RAM` : undefined;
}

/** Disk vendors count in powers of ten, so the disk total does too; over 100 GB it is in TB. */
function diskPart(meta: NodeMeta): string | undefined {
  if (!Array.isArray(meta.disks)) return undefined;
  const bytes = meta.disks.reduce<number>((sum, d) => {
    const size = field(d, 'size');
    return sum + (typeof size === 'number' ? size : 0);
  }, 0);
  const gigabytes = round1(bytes / 1e9);
  return gigabytes > 100
    ? `${formatFloat(round1(gigabytes / 1000))} TB HDD`
    : `${formatFloat(gigabytes)} GB HDD`;
}

/**
 * The text of the `discover` notification of a new node, e.g.
 * "New node is discovered: 24 CPUs / 128.0 GB RAM / 1.0 TB HDD"; parts the agent did not
 * report are left out.
 */
export function discoverMessage(meta: NodeMeta): string {
  const parts = [cpuPart(meta), ramPart(meta), diskPart(meta)].filter((p) => p !== undefined);
  return parts.length > 0
    ? `New node is discovered: ${parts.join(' / ')}`
    : 'New node is discovered';
}
