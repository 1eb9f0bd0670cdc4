/**
 * A virtual node's root directory: the hardware (written once, from its `NodeHardware`) and
 * the files that change when it boots (system type, hostname, kernel command line).
 */

import type { NodeHardware } from './spec.js';
import { addCdrom, addLoopback, addVirtioDisk, addVirtioNic, VIRTBLK_MAJOR } from './sysfs.js';
import type { TreeWriter } from './tree-writer.js';

/** Written last: its content says the hardware of this version is complete. */
const HARDWARE_MARKER = '/var/lib/fuel-lab/hardware';
/** Bumped when the layout changes, so older trees are written again. */
const LAYOUT_VERSION = 1;

/** What the node runs after a boot. */
export interface BootFiles {
  /** `bootstrap` (the discovery image) or `target` (the installed system). */
  systemType: string;
  hostname: string;
  /** Where the discovery agent reports, put on the kernel command line as Fuel's PXE does. */
  apiUrl: string;
}

function cpuinfo(hw: NodeHardware): string {
  const flags = 'fpu vme de pse tsc msr pae mce cx8 apic sep mtrr pge mca cmov sse sse2 hypervisor';
  return Array.from({ length: hw.cpus }, (_, i) =>
    [
      `processor\t: ${i}`,
      'vendor_id\t: GenuineIntel',
      `model name\t: ${hw.cpuModel}`,
      'cpu MHz\t\t: 2394.454',
      'physical id\t: 0',
      `siblings\t: ${hw.cpus}`,
      `core id\t\t: ${i}`,
      `cpu cores\t: ${hw.cpus}`,
      `flags\t\t: ${flags}`,
    ].join('\n'),
  ).join('\n\n');
}

/** Little-endian hex of an IPv4 address, as `/proc/net/route` prints it. */
function routeHex(address: string): string {
  const bytes = address.split('.').map((part) => Number(part).toString(16).padStart(2, '0'));
  return bytes.reverse().join('').toUpperCase();
}

function procFiles(tree: TreeWriter, hw: NodeHardware): void {
  const network = hw.ip.replace(/\.\d+$/, '.0');
  tree
    .file('/proc/cpuinfo', cpuinfo(hw))
    .file(
      '/proc/meminfo',
      `MemTotal:       ${hw.memoryKib} kB\nMemFree:        ${hw.memoryKib >> 1} kB`,
    )
    .file(
      '/proc/devices',
      'Character devices:\n  1 mem\n  4 tty\n\n' +
        `Block devices:\n  7 loop\n 11 sr\n${VIRTBLK_MAJOR} virtblk`,
    )
    .file(
      '/proc/net/route',
      [
        'Iface\tDestination\tGateway\tFlags\tRefCnt\tUse\tMetric\tMask',
        `eth0\t00000000\t${routeHex(hw.gateway)}\t0003\t0\t0\t0\t00000000`,
        `eth0\t${routeHex(network)}\t00000000\t0001\t0\t0\t0\t${routeHex(hw.netmask)}`,
      ].join('\n'),
    )
    .file('/sys/devices/system/cpu/online', hw.cpus === 1 ? '0' : `0-${hw.cpus - 1}`)
    .files('/sys/devices/system/node/node0', {
      cpulist: hw.cpus === 1 ? '0' : `0-${hw.cpus - 1}`,
      meminfo: `Node 0 MemTotal:       ${hw.memoryKib} kB`,
      distance: '10',
    });
}

function dmiFiles(tree: TreeWriter, hw: NodeHardware): void {
  tree.files('/sys/class/dmi/id', {
    sys_vendor: 'QEMU',
    product_name: 'Standard PC (i440FX + PIIX, 1996)',
    product_version: 'pc-i440fx-xenial',
    product_uuid: hw.uuid,
    product_serial: 'Not Specified',
    chassis_vendor: 'QEMU',
    bios_vendor: 'SeaBIOS',
  });
}

/** Writes the hardware unless a complete tree of this layout is there already. */
export function writeHardware(tree: TreeWriter, hw: NodeHardware): void {
  if (tree.read(HARDWARE_MARKER) === String(LAYOUT_VERSION)) return;
  procFiles(tree, hw);
  dmiFiles(tree, hw);
  addLoopback(tree);
  for (const [i, nic] of hw.nics.entries()) addVirtioNic(tree, nic, `virtio${i}`);
  for (const [i, disk] of hw.disks.entries()) {
    addVirtioDisk(tree, disk, `virtio${hw.nics.length + i}`);
  }
  addCdrom(tree);
  tree.file('/etc/os-release', 'NAME="Ubuntu"\nVERSION="16.04.7 LTS (Xenial Xerus)"\nID=ubuntu');
  tree.file(HARDWARE_MARKER, LAYOUT_VERSION);
}

/** The files a boot sets: a PXE boot names the NIC it came from, an installed system does not. */
export function writeBootFiles(tree: TreeWriter, hw: NodeHardware, boot: BootFiles): void {
  const pxe = boot.systemType === 'bootstrap';
  const bootif = `BOOTIF=01-${hw.nics[0].mac.replaceAll(':', '-')}`;
  const cmdline = pxe
    ? `initrd=initrd.img ${bootif} url=${boot.apiUrl} quiet`
    : `BOOT_IMAGE=/vmlinuz root=/dev/mapper/os-root ro url=${boot.apiUrl} quiet`;
  tree
    .file('/proc/cmdline', cmdline)
    .file('/proc/sys/kernel/hostname', boot.hostname)
    .file('/etc/nailgun_systemtype', boot.systemType);
}
