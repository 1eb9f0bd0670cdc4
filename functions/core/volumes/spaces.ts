import {
  ALLOCATE_SIZES,
  type AllocateSize,
  type NodeSpace,
  OS_SPACE,
  SPACE_TYPES,
  type SpaceType,
} from './model.js';

/** What decides a node's spaces besides the release: its roles and a few facts. */
export interface SpaceOptions {
  roles: string[];
  diskCount: number;
  /** Glance in Ceph: controllers then need no `image` volume (Nailgun's volume hook). */
  imagesCeph: boolean;
}

interface Allocation {
  id: string;
  allocate: AllocateSize;
}

/** Used when none of a node's roles maps to a space and the release has no `other` mapping. */
const FALLBACK: Allocation[] = [{ id: OS_SPACE, allocate: 'min' }];

function record(value: unknown): Record<string, unknown> {
  return value !== null && typeof value === 'object' && !Array.isArray(value)
    ? (value as Record<string, unknown>)
    : {};
}

/**
 * The spaces a node needs, from the release's `volumes_metadata` (which any client may have
 * written, so every field is checked and anything malformed is skipped): the allocations of
 * `volumes_roles_mapping` for each role, first mention winning; with none, the `other` mapping,
 * else the base system alone at its minimum. `full-disk` means `all` on a node with one disk.
 */
export function nodeSpaces(volumesMetadata: unknown, options: SpaceOptions): NodeSpace[] {
  const metadata = record(volumesMetadata);
  const mapping = record(metadata.volumes_roles_mapping);
  const specs = Array.isArray(metadata.volumes) ? metadata.volumes.map(record) : [];
  const wanted = [...new Set(options.roles)].flatMap((role) =>
    allocations(mapping[role]).filter(
      (a) => !(role === 'controller' && options.imagesCeph && a.id === 'image'),
    ),
  );
  const build = (list: Allocation[]) => toSpaces(list, specs, options.diskCount);
  const spaces = build(wanted);
  if (spaces.length > 0) return spaces;
  return mapping.other === undefined ? build(FALLBACK) : build(allocations(mapping.other));
}

function allocations(value: unknown): Allocation[] {
  if (!Array.isArray(value)) return [];
  return value.map(record).flatMap((entry) => {
    const allocate = entry.allocate_size;
    if (typeof entry.id !== 'string') return [];
    if (!(ALLOCATE_SIZES as readonly unknown[]).includes(allocate)) return [];
    return [{ id: entry.id, allocate: allocate as AllocateSize }];
  });
}

function toSpaces(
  list: Allocation[],
  specs: Record<string, unknown>[],
  diskCount: number,
): NodeSpace[] {
  const spaces: NodeSpace[] = [];
  for (const { id, allocate } of list) {
    if (spaces.some((s) => s.id === id)) continue;
    const spec = specs.find((s) => s.id === id);
    if (!spec || !(SPACE_TYPES as readonly unknown[]).includes(spec.type)) continue;
    spaces.push({
      id,
      type: spec.type as SpaceType,
      label: typeof spec.label === 'string' ? spec.label : id,
      minSize: megabytes(spec.min_size),
      allocate: allocate === 'full-disk' && diskCount === 1 ? 'all' : allocate,
    });
  }
  return spaces;
}

/** A size from metadata; Nailgun's size generators are not supported and count as 0. */
function megabytes(value: unknown): number {
  return typeof value === 'number' && Number.isFinite(value) && value > 0 ? Math.floor(value) : 0;
}
