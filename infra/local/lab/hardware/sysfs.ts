/**
 * Devices laid out as Linux's sysfs does: a virtio NIC or disk is a PCI function with a
 * `virtioN` child, its `net/` or `block/` entry, the driver link, and the `/sys/class/net` or
 * `/sys/block` link the discovery agent starts from.
 */
import type { DiskSpec, NicSpec } from './spec.js';
import type { TreeWriter } from './tree-writer.js';

/** Red Hat's PCI vendor id, which virtio devices carry. */
const VIRTIO_VENDOR = '0x1af4';
const VIRTIO_NET_DEVICE = '0x1000';
const VIRTIO_BLK_DEVICE = '0x1001';
/** The block major the kernel gives virtio-blk here (it is dynamic; `/proc/devices` says it). */
export const VIRTBLK_MAJOR = 252;

function pciFunction(tree: TreeWriter, pci: string, device: string): string {
  const dir = `/sys/devices/pci0000:00/${pci}`;
  tree.files(dir, { vendor: VIRTIO_VENDOR, device, numa_node: -1, class: '0x020000' });
  tree.link(`/sys/bus/pci/devices/${pci}`, dir);
  return dir;
}

/** A virtio-net NIC, link up; virtio reports no speed. */
export function addVirtioNic(tree: TreeWriter, nic: NicSpec, virtio: string): void {
  const deviceDir = `${pciFunction(tree, nic.pci, VIRTIO_NET_DEVICE)}/${virtio}`;
  tree.link(`${deviceDir}/driver`, '/sys/bus/virtio/drivers/virtio_net');
  const netDir = `${deviceDir}/net/${nic.name}`;
  tree.files(netDir, { address: nic.mac, operstate: 'up', type: 1, mtu: 1500 });
  tree.link(`${netDir}/device`, deviceDir);
  tree.link(`/sys/class/net/${nic.name}`, netDir);
}

/** The loopback interface, under `devices/virtual` as every kernel has it. */
export function addLoopback(tree: TreeWriter): void {
  const dir = '/sys/devices/virtual/net/lo';
  tree.files(dir, { address: '00:00:00:00:00:00', operstate: 'unknown', type: 772 });
  tree.link('/sys/class/net/lo', dir);
}

/** A virtio-blk disk with its udev `by-path` link. */
export function addVirtioDisk(tree: TreeWriter, disk: DiskSpec, virtio: string): void {
  const parent = `${pciFunction(tree, disk.pci, VIRTIO_BLK_DEVICE)}/${virtio}`;
  const dir = `${parent}/block/${disk.name}`;
  tree.files(dir, {
    dev: `${VIRTBLK_MAJOR}:0`,
    size: disk.sectors,
    removable: 0,
    ro: 0,
    'queue/optimal_io_size': 0,
    'queue/minimum_io_size': 512,
    'queue/rotational': 1,
  });
  tree.link(`${dir}/device`, parent);
  tree.link(`/sys/block/${disk.name}`, dir);
  tree.link(`/dev/disk/by-path/virtio-pci-${disk.pci}`, `/dev/${disk.name}`);
}

/** The CD-ROM drive QEMU gives every machine; the agent must skip it (major 11). */
export function addCdrom(tree: TreeWriter): void {
  const parent = '/sys/devices/pci0000:00/0000:00:01.1/ata2/host1/target1:0:0/1:0:0:0';
  const dir = `${parent}/block/sr0`;
  tree.files(dir, { dev: '11:0', size: 0, removable: 1 });
  tree.files(parent, { model: 'QEMU DVD-ROM', vendor: 'QEMU' });
  tree.link(`${dir}/device`, parent);
  tree.link('/sys/block/sr0', dir);
}
