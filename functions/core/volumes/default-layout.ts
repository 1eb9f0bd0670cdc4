import type { DiskJson, NodeSpace, PhysicalDisk } from './model.js';
import { usableSize } from './physical-disks.js';

/** One disk while the default layout is computed. */
interface Slot {
  disk: PhysicalDisk;
  size: number;
  free: number;
  sizes: Map<string, number>;
}

/**
 * The layout Nailgun's volume manager proposes, over the disks in name order:
 *
 * 1. `min` spaces, in the order the roles list them, get their minimum: as much as fits on the
 *    first disk, the rest on the next ones (`os` thus lands on the first disk).
 * 2. `full-disk` spaces take every disk that holds nothing yet, whole.
 * 3. `all` spaces share what is left: each but the last gets an equal share (MB rounded down),
 *    spread like a minimum; the last takes all the free space of every disk.
 *
 * Every disk lists every space of the node, with 0 where it holds none; the first disk boots.
 */
export function defaultLayout(disks: PhysicalDisk[], spaces: NodeSpace[]): DiskJson[] {
  const volumeGroups = spaces.filter((s) => s.type === 'vg').length;
  const slots: Slot[] = disks.map((disk) => {
    const size = usableSize(disk.sizeMb, volumeGroups);
    return { disk, size, free: size, sizes: new Map() };
  });
  for (const space of spaces.filter((s) => s.allocate === 'min')) {
    spread(slots, space.id, space.minSize);
  }
  for (const space of spaces.filter((s) => s.allocate === 'full-disk')) {
    for (const slot of slots.filter(isEmpty)) take(slot, space.id, slot.free);
  }
  const shared = spaces.filter((s) => s.allocate === 'all');
  const last = shared.pop();
  const share = Math.floor(slots.reduce((sum, s) => sum + s.free, 0) / (shared.length + 1));
  for (const space of shared) spread(slots, space.id, share);
  if (last) for (const slot of slots) take(slot, last.id, slot.free);

  return slots.map((slot, index) => ({
    id: slot.disk.id,
    name: slot.disk.name,
    size: slot.size,
    bootable: index === 0,
    extra: slot.disk.extra,
    volumes: spaces.map((s) => ({ name: s.id, size: slot.sizes.get(s.id) ?? 0, type: s.type })),
  }));
}

function isEmpty(slot: Slot): boolean {
  return [...slot.sizes.values()].every((size) => size === 0);
}

function take(slot: Slot, spaceId: string, size: number): void {
  slot.sizes.set(spaceId, (slot.sizes.get(spaceId) ?? 0) + size);
  slot.free -= size;
}

/** Places `size` MB of a space, filling disks in order. */
function spread(slots: Slot[], spaceId: string, size: number): void {
  let missing = size;
  for (const slot of slots) {
    const part = Math.min(missing, Math.max(slot.free, 0));
    take(slot, spaceId, part);
    missing -= part;
  }
}
