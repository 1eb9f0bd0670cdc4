import type { PhysicalDisk } from './model.js';

const BYTES_PER_MB = 1024 * 1024;

/** Space each disk keeps for partition tables and boot records (Nailgun: 300 MB). */
export const BOOT_RECORDS_MB = 300;
/** The `/boot` partition on each disk (Nailgun: 200 MB). */
export const BOOT_PARTITION_MB = 200;
/** LVM metadata of one physical volume; each disk reserves it once per volume group. */
export const LVM_META_MB = 64;

/**
 * The disks of `meta.disks`, ordered by name as Nailgun's volume manager orders them. Entries
 * without a name or a numeric size are skipped (the agent already leaves out removable media),
 * as are later entries with an id already seen. The id is the agent's `disk` path (usually
 * `disk/by-path/...`), else the device name.
 */
export function physicalDisks(meta: unknown): PhysicalDisk[] {
  if (!Array.isArray(meta)) return [];
  const disks: PhysicalDisk[] = [];
  for (const entry of meta) {
    const disk = toDisk(entry);
    if (disk && !disks.some((d) => d.id === disk.id)) disks.push(disk);
  }
  return disks.sort((a, b) => (a.name < b.name ? -1 : a.name > b.name ? 1 : 0));
}

function toDisk(entry: unknown): PhysicalDisk | undefined {
  if (entry === null || typeof entry !== 'object' || Array.isArray(entry)) return undefined;
  const { name, size, disk, extra } = entry as Record<string, unknown>;
  if (typeof name !== 'string' || name === '') return undefined;
  if (typeof size !== 'number' || !Number.isFinite(size) || size < 0) return undefined;
  return {
    id: typeof disk === 'string' && disk !== '' ? disk : name,
    name,
    sizeMb: Math.floor(size / BYTES_PER_MB),
    extra: Array.isArray(extra) ? extra.filter((e): e is string => typeof e === 'string') : [],
  };
}

/**
 * What volumes may use on a disk: its size less the boot records, the `/boot` partition and
 * the LVM metadata of each volume group, each reserved only while it still fits, as Nailgun does.
 */
export function usableSize(sizeMb: number, volumeGroups: number): number {
  let free = sizeMb;
  for (const reserved of [BOOT_RECORDS_MB, BOOT_PARTITION_MB, LVM_META_MB * volumeGroups]) {
    if (free >= reserved) free -= reserved;
  }
  return free;
}
