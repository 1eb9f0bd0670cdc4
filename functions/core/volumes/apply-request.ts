import { InvalidData } from '../errors.js';
import { type DiskJson, OS_SPACE } from './model.js';
import type { NodeDiskLayout } from './node-layout.js';

/** Node statuses in which the disk layout may still change. */
export const DISK_EDITABLE_STATUSES = ['discover', 'error'] as const;

/** One disk of a `PUT /nodes/{id}/disks` body (shape already checked). */
export interface RequestedDisk {
  id: string;
  bootable?: boolean | undefined;
  volumes: { name: string; size: number }[];
}

/**
 * Applies a requested layout to the node's current one and checks the result (Nailgun's
 * NodeDisksValidator plus the checks its volume manager relies on). Disks and volumes the request
 * leaves out keep their sizes. A disk's `size` in the request is ignored: the node's own is used.
 */
export function applyDiskRequest(layout: NodeDiskLayout, request: RequestedDisk[]): DiskJson[] {
  checkNode(layout);
  if (request.length === 0) throw new InvalidData('Node seems not to have disks');
  const disks = layout.current.map((disk) => ({
    ...disk,
    volumes: disk.volumes.map((v) => ({ ...v })),
  }));
  const seen = new Set<string>();
  for (const wanted of request) {
    const disk = disks.find((d) => d.id === wanted.id);
    if (!disk) {
      throw new InvalidData(`Node '${layout.node.id}': there is no disk with ID '${wanted.id}'`);
    }
    if (seen.has(disk.id)) throw new InvalidData(`Disk '${disk.id}' is listed more than once`);
    seen.add(disk.id);
    applyVolumes(layout, disk, wanted);
  }
  for (const disk of disks) checkFreeSpace(disk);
  checkBaseSystem(layout, disks);
  applyBootable(disks, request);
  return disks;
}

function checkNode({ node }: NodeDiskLayout): void {
  if (!(DISK_EDITABLE_STATUSES as readonly string[]).includes(node.status)) {
    throw new InvalidData("Disks configuration can't be changed after or during deployment.");
  }
  if (node.cluster_id === null) {
    throw new InvalidData(
      `Node '${node.id}': disks cannot be configured as the node is not added to any environment`,
    );
  }
}

function applyVolumes(layout: NodeDiskLayout, disk: DiskJson, wanted: RequestedDisk): void {
  const seen = new Set<string>();
  for (const { name, size } of wanted.volumes) {
    const volume = disk.volumes.find((v) => v.name === name);
    if (!volume) {
      throw new InvalidData(
        `Node '${layout.node.id}': volume '${name}' is not used by the roles of the node`,
      );
    }
    if (seen.has(name)) {
      throw new InvalidData(`Volume '${name}' is listed more than once on disk '${disk.name}'`);
    }
    seen.add(name);
    volume.size = size;
  }
}

function checkFreeSpace(disk: DiskJson): void {
  const used = disk.volumes.reduce((sum, v) => sum + v.size, 0);
  if (used > disk.size) {
    throw new InvalidData(
      `Not enough free space on disk '${disk.name}': volumes take ${used} MB,` +
        ` ${disk.size} MB are available`,
    );
  }
}

/**
 * The base system needs its minimum over all disks; on Ubuntu it must sit on one disk only
 * (Nailgun's rule, from a bug of the Ubuntu installer).
 */
function checkBaseSystem(layout: NodeDiskLayout, disks: DiskJson[]): void {
  const os = layout.spaces.find((s) => s.id === OS_SPACE);
  if (!os) return;
  const parts = disks.flatMap((d) => d.volumes.filter((v) => v.name === OS_SPACE && v.size > 0));
  const total = parts.reduce((sum, v) => sum + v.size, 0);
  if (total < os.minSize) {
    throw new InvalidData(`Volume group '${os.label}' requires a minimum of ${os.minSize}MB`);
  }
  if (parts.length > 1 && layout.node.operating_system?.toLowerCase() === 'ubuntu') {
    throw new InvalidData('Base system should be allocated on one disk only');
  }
}

/** A request that marks a disk bootable moves the flag there; at most one may be marked. */
function applyBootable(disks: DiskJson[], request: RequestedDisk[]): void {
  const marked = request.filter((d) => d.bootable === true).map((d) => d.id);
  if (marked.length > 1) {
    throw new InvalidData(
      `Disks ${marked.join(', ')} can not be selected as bootable at the same time.` +
        ' Only one disk should be selected as bootable.',
    );
  }
  const chosen = marked[0];
  if (chosen === undefined) return;
  for (const disk of disks) disk.bootable = disk.id === chosen;
}
