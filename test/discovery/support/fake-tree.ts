import { mkdirSync, mkdtempSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join, relative } from 'node:path';

/** A directory standing for a node's `/`, written the way the kernel lays out sysfs. */
export class FakeTree {
  readonly root: string;

  constructor() {
    this.root = mkdtempSync(join(tmpdir(), 'nailgun-agent-'));
  }

  /** Writes `content` (a trailing newline added, as sysfs files have) at a node path. */
  file(path: string, content: string | number): this {
    const target = join(this.root, path);
    mkdirSync(dirname(target), { recursive: true });
    writeFileSync(target, `${content}\n`);
    return this;
  }

  /** Writes several files of one directory. */
  files(dir: string, entries: Record<string, string | number>): this {
    for (const [name, content] of Object.entries(entries)) this.file(`${dir}/${name}`, content);
    return this;
  }

  dir(path: string): this {
    mkdirSync(join(this.root, path), { recursive: true });
    return this;
  }

  /** A relative symbolic link from `path` to `target` (both node paths), like sysfs's. */
  link(path: string, target: string): this {
    const at = join(this.root, path);
    mkdirSync(dirname(at), { recursive: true });
    this.dir(target);
    symlinkSync(relative(dirname(at), join(this.root, target)), at);
    return this;
  }

  /** Removes a file or directory of the tree. */
  remove(path: string): this {
    rmSync(join(this.root, path), { recursive: true, force: true });
    return this;
  }

  dispose(): void {
    rmSync(this.root, { recursive: true, force: true });
  }
}

/** A NIC on PCI, optionally behind a virtio device (`virtio0`). */
export interface FakeNic {
  name: string;
  mac: string;
  pci: string;
  driver: string;
  virtio?: string;
  vendor?: string;
  device?: string;
  numaNode?: number;
  speed?: number;
  operstate?: string;
  extra?: Record<string, string | number>;
}

/** Lays out a NIC as sysfs does: the PCI function, the net device and the class link. */
export function addNic(tree: FakeTree, nic: FakeNic): void {
  const pciDir = `/sys/devices/pci0000:00/${nic.pci}`;
  tree.files(pciDir, {
    vendor: nic.vendor ?? '0x1af4',
    device: nic.device ?? '0x1000',
    numa_node: nic.numaNode ?? -1,
    ...nic.extra,
  });
  tree.link(`/sys/bus/pci/devices/${nic.pci}`, pciDir);
  const deviceDir = nic.virtio ? `${pciDir}/${nic.virtio}` : pciDir;
  tree.link(
    `${deviceDir}/driver`,
    `/sys/bus/${nic.virtio ? 'virtio' : 'pci'}/drivers/${nic.driver}`,
  );
  const netDir = `${deviceDir}/net/${nic.name}`;
  tree.files(netDir, { address: nic.mac, operstate: nic.operstate ?? 'up', type: 1 });
  if (nic.speed !== undefined) tree.file(`${netDir}/speed`, nic.speed);
  tree.link(`${netDir}/device`, deviceDir);
  tree.link(`/sys/class/net/${nic.name}`, netDir);
}

/** A virtual interface (loopback, bridge, bond) under `devices/virtual`. */
export function addVirtualInterface(tree: FakeTree, name: string, mac: string, type = 1): void {
  const dir = `/sys/devices/virtual/net/${name}`;
  tree.files(dir, { address: mac, operstate: 'up', type });
  tree.link(`/sys/class/net/${name}`, dir);
}

/** A block device at `devicePath` (its parent device), with `/sys/block/<name>` linking to it. */
export interface FakeDisk {
  name: string;
  major: number;
  /** Directory of the device the disk hangs from, e.g. a SCSI target. */
  parent: string;
  sectors: number;
  removable?: 0 | 1;
  model?: string;
  vendor?: string;
  optimalIo?: number;
  minimumIo?: number;
}

export function addDisk(tree: FakeTree, disk: FakeDisk): void {
  const dir = `${disk.parent}/block/${disk.name}`;
  tree.files(dir, {
    dev: `${disk.major}:0`,
    size: disk.sectors,
    removable: disk.removable ?? 0,
    'queue/optimal_io_size': disk.optimalIo ?? 0,
    'queue/minimum_io_size': disk.minimumIo ?? 512,
  });
  if (disk.model !== undefined) tree.file(`${disk.parent}/model`, disk.model);
  if (disk.vendor !== undefined) tree.file(`${disk.parent}/vendor`, disk.vendor);
  tree.link(`${dir}/device`, disk.parent);
  tree.link(`/sys/block/${disk.name}`, dir);
}

/** A udev link `/dev/disk/<kind>/<name>` → `../../<device>`. */
export function addDiskLink(
  tree: FakeTree,
  kind: 'by-path' | 'by-id',
  name: string,
  device: string,
) {
  tree.link(`/dev/disk/${kind}/${name}`, `/dev/${device}`);
}
