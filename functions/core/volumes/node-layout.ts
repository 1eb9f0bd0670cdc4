import { defaultLayout } from './default-layout.js';
import type { DiskJson, NodeSpace, PhysicalDisk, VolumeJson } from './model.js';
import { physicalDisks } from './physical-disks.js';
import type { DiskNodeRow } from './repository.js';
import { nodeSpaces } from './spaces.js';

/** A node's disks, the spaces its roles need, and its default and current layouts. */
export interface NodeDiskLayout {
  node: DiskNodeRow;
  disks: PhysicalDisk[];
  spaces: NodeSpace[];
  defaults: DiskJson[];
  /** The stored layout while it fits, else the default one. */
  current: DiskJson[];
}

/** Computes the layouts of a node; a node outside an environment needs no space. */
export function describeNodeDisks(node: DiskNodeRow): NodeDiskLayout {
  const disks = physicalDisks(node.disks);
  const spaces =
    node.cluster_id === null
      ? []
      : nodeSpaces(node.volumes_metadata, {
          roles: [...node.roles, ...node.pending_roles],
          diskCount: disks.length,
          imagesCeph: node.images_ceph,
        });
  const defaults = defaultLayout(disks, spaces);
  return {
    node,
    disks,
    spaces,
    defaults,
    current: storedLayout(node.volumes, defaults) ?? defaults,
  };
}

function record(value: unknown): Record<string, unknown> | undefined {
  return value !== null && typeof value === 'object' && !Array.isArray(value)
    ? (value as Record<string, unknown>)
    : undefined;
}

/**
 * The stored layout, when it still fits the node: the same disks (ids and usable sizes) and, on
 * each, exactly the spaces the node's roles need now. A layout stored before the node changed
 * roles, environment or disks gives way to the default one.
 */
export function storedLayout(stored: unknown, defaults: DiskJson[]): DiskJson[] | undefined {
  if (!Array.isArray(stored) || stored.length !== defaults.length) return undefined;
  const entries = stored.map(record);
  const result: DiskJson[] = [];
  for (const fresh of defaults) {
    const entry = entries.find((e) => e?.id === fresh.id);
    if (!entry || entry.size !== fresh.size) return undefined;
    const volumes = storedVolumes(entry.volumes, fresh.volumes);
    if (!volumes) return undefined;
    result.push({ ...fresh, bootable: entry.bootable === true, volumes });
  }
  if (result.filter((d) => d.bootable).length !== 1) {
    for (const [index, disk] of result.entries()) disk.bootable = index === 0;
  }
  return result;
}

function storedVolumes(value: unknown, fresh: VolumeJson[]): VolumeJson[] | undefined {
  if (!Array.isArray(value) || value.length !== fresh.length) return undefined;
  const entries = value.map(record);
  const volumes: VolumeJson[] = [];
  for (const volume of fresh) {
    const size = entries.find((e) => e?.name === volume.name)?.size;
    if (typeof size !== 'number' || !Number.isSafeInteger(size) || size < 0) return undefined;
    volumes.push({ ...volume, size });
  }
  return volumes;
}
