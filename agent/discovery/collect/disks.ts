import type { Host } from '../host.js';
import {
  linkTarget,
  listDir,
  readInteger,
  readText,
  readValue,
  resolvedParts,
} from '../host-files.js';
import type { MetaDisk } from '../meta-types.js';
import { locateDevice, pciVendor } from './pci.js';

/**
 * Block majors of data disks (IDE, SCSI, MD, Xen, virtio, NVMe, cciss...) as Linux's
 * `devices.txt` fixes them; loop (7), ram (1), CD-ROM (11) and floppies are not among them.
 */
const STORAGE_MAJORS: ReadonlySet<number> = new Set([
  3, 8, 9, 65, 66, 67, 68, 69, 70, 71, 104, 105, 106, 107, 108, 109, 110, 111, 202, 251, 252, 253,
  259,
]);

/** Drivers whose block major the kernel picks at boot (virtio-blk), found in `/proc/devices`. */
const DYNAMIC_MAJOR_DRIVERS: ReadonlySet<string> = new Set(['virtblk']);

/** RAID vendors whose logical disks announce themselves as removable but are not. */
const REMOVABLE_VENDORS: ReadonlySet<string> = new Set(['Adaptec', 'IBM', 'ServeRA']);

/** PCI vendor ids of Adaptec controllers, for the same reason. */
const REMOVABLE_PCI_VENDORS: ReadonlySet<string> = new Set(['0x1044', '0x9004', '0x9005']);

/** Sizes in `/sys/block/*\/size` count 512-byte sectors whatever the disk's block size. */
const SECTOR_BYTES = 512;

/** Options of the disk scan. */
export interface DiskOptions {
  /** Report USB disks too (setting `report_usb_block_devices`). */
  includeUsb?: boolean;
}

/** Links of `/dev/disk/<kind>` that point at `device`, as `disk/<kind>/<link>`. */
async function diskLinks(host: Host, kind: 'by-path' | 'by-id', device: string): Promise<string[]> {
  const dir = `/dev/disk/${kind}`;
  const links: string[] = [];
  for (const link of await listDir(host, dir)) {
    const target = await linkTarget(host, `${dir}/${link}`);
    if (target?.endsWith(`/${device}`)) links.push(`disk/${kind}/${link}`);
  }
  return links;
}

/** The fixed storage majors plus those the kernel gave drivers of dynamic majors. */
async function storageMajors(host: Host): Promise<ReadonlySet<number>> {
  const text = (await readText(host, '/proc/devices')) ?? '';
  const block = text.split(/Block devices:/)[1] ?? '';
  const dynamic = [...block.matchAll(/^\s*(\d+)\s+(\S+)\s*$/gm)]
    .filter((m) => DYNAMIC_MAJOR_DRIVERS.has(m[2] ?? ''))
    .map((m) => Number(m[1]));
  return new Set([...STORAGE_MAJORS, ...dynamic]);
}

/** Whether the sysfs entry is a disk that can hold the node's data. */
async function isDataDisk(
  host: Host,
  entry: string,
  majors: ReadonlySet<number>,
  options: DiskOptions,
): Promise<boolean> {
  if (entry.startsWith('md')) return false;
  const [dev, parts] = await Promise.all([
    readText(host, `/sys/block/${entry}/dev`),
    resolvedParts(host, `/sys/block/${entry}`),
  ]);
  const major = Number(dev?.split(':')[0]);
  if (!majors.has(major) || !parts || parts.includes('virtual')) return false;
  const usb = parts.some((p) => /^usb\d+$/.test(p));
  return options.includeUsb === true || !usb;
}

/** A removable disk is kept only when it is in fact a RAID controller's logical disk. */
async function keepRemovable(host: Host, entry: string): Promise<boolean> {
  const vendor = await readValue(host, `/sys/block/${entry}/device/vendor`);
  if (vendor !== undefined && REMOVABLE_VENDORS.has(vendor)) return true;
  const where = await locateDevice(host, `/sys/block/${entry}/device`);
  const pci = await pciVendor(host, where.pciDir);
  return pci !== undefined && REMOVABLE_PCI_VENDORS.has(pci);
}

/** Optimal I/O size in bytes, else the minimum one, else a sector. */
async function optimalIo(host: Host, entry: string): Promise<number> {
  const queue = `/sys/block/${entry}/queue`;
  const optimal = await readInteger(host, `${queue}/optimal_io_size`);
  if (optimal) return optimal;
  return (await readInteger(host, `${queue}/minimum_io_size`)) || SECTOR_BYTES;
}

/** A data disk as Nailgun's volume manager reads it; undefined for skipped removable media. */
async function describe(host: Host, entry: string): Promise<MetaDisk | undefined> {
  const removable = (await readText(host, `/sys/block/${entry}/removable`)) ?? '0';
  if (removable === '1' && !(await keepRemovable(host, entry))) return undefined;
  // cciss and similar drivers write `cciss!c0d0` in sysfs for `/dev/cciss/c0d0`.
  const name = entry.replaceAll('!', '/');
  const [sectors, model, byPath, byId, optIo] = await Promise.all([
    readInteger(host, `/sys/block/${entry}/size`),
    readValue(host, `/sys/block/${entry}/device/model`),
    diskLinks(host, 'by-path', name),
    diskLinks(host, 'by-id', name),
    optimalIo(host, entry),
  ]);
  return {
    name,
    model: model ?? null,
    size: (sectors ?? 0) * SECTOR_BYTES,
    disk: byPath[0] ?? name,
    extra: byId,
    removable,
    paths: null,
    opt_io: optIo,
  };
}

/**
 * Data disks from `/sys/block`: sizes in bytes, model, udev's by-path and by-id names. Loop,
 * RAM, device-mapper, MD and CD-ROM devices are skipped, so are USB disks unless asked for and
 * removable media other than RAID logical disks.
 */
export async function collectDisks(host: Host, options: DiskOptions = {}): Promise<MetaDisk[]> {
  const [entries, majors] = await Promise.all([listDir(host, '/sys/block'), storageMajors(host)]);
  const data = await Promise.all(entries.map((e) => isDataDisk(host, e, majors, options)));
  const disks = await Promise.all(entries.filter((_, i) => data[i]).map((e) => describe(host, e)));
  return disks.filter((d) => d !== undefined);
}
