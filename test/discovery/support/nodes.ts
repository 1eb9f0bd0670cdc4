import type { CommandRunner } from '../../../agent/discovery/commands.js';
import type { AddressMap, Host } from '../../../agent/discovery/host.js';
import { addDisk, addDiskLink, addNic, addVirtualInterface, FakeTree } from './fake-tree.js';
import * as outputs from './tool-outputs.js';

/** A fake node: its tree, the host the agent sees, and addresses the test may change. */
export interface FakeNode {
  tree: FakeTree;
  host: Host;
  addresses: Record<string, { address: string; netmask: string }[]>;
}

function cpuinfo(cpus: Array<{ physical: number; model: string; mhz: string; flags: string }>) {
  return cpus
    .map((cpu, i) =>
      [
        `processor\t: ${i}`,
        'vendor_id\t: GenuineIntel',
        `model name\t: ${cpu.model}`,
        `cpu MHz\t\t: ${cpu.mhz}`,
        `physical id\t: ${cpu.physical}`,
        `flags\t\t: ${cpu.flags}`,
      ].join('\n'),
    )
    .join('\n\n');
}

function fakeHost(tree: FakeTree, addresses: FakeNode['addresses'], run: CommandRunner): Host {
  return { root: tree.root, run, addresses: (): AddressMap => addresses };
}

function vmTree(mac0: string, mac1: string): FakeTree {
  const tree = new FakeTree()
    .file(
      '/proc/cpuinfo',
      cpuinfo(
        [0, 1].map(() => ({
          physical: 0,
          model: 'QEMU Virtual CPU version 2.5+',
          mhz: '2394.454',
          flags: 'fpu vme de pse tsc msr pae mce cx8 apic sep hypervisor',
        })),
      ),
    )
    .file('/proc/meminfo', 'MemTotal:        2040204 kB\nMemFree:          100000 kB')
    .file('/proc/cmdline', `BOOT_IMAGE=/vmlinuz BOOTIF=01-${mac0.replaceAll(':', '-')} quiet`)
    .file(
      '/proc/devices',
      'Character devices:\n  1 mem\n\nBlock devices:\n  7 loop\n 11 sr\n252 virtblk',
    )
    .file(
      '/proc/net/route',
      [
        'Iface\tDestination\tGateway\tFlags\tRefCnt\tUse\tMetric\tMask',
        'eth0\t00000000\t0114000A\t0003\t0\t0\t0\t00000000',
        'eth0\t0014000A\t00000000\t0001\t0\t0\t0\t00FFFFFF',
      ].join('\n'),
    )
    .file('/proc/sys/kernel/hostname', 'bootstrap')
    .file('/etc/os-release', 'NAME="Ubuntu"\nVERSION_ID="16.04"\nID=ubuntu')
    .file('/etc/nailgun_systemtype', 'bootstrap')
    .file('/sys/devices/system/cpu/online', '0-1')
    .files('/sys/class/dmi/id', {
      sys_vendor: 'QEMU',
      product_name: 'Standard PC (i440FX + PIIX, 1996)',
      product_uuid: '0C2041CE-94E4-453D-95DD-1682D5D8E487',
      product_serial: 'Not Specified',
    });
  addVirtualInterface(tree, 'lo', '00:00:00:00:00:00', 772);
  addNic(tree, {
    name: 'eth0',
    mac: mac0,
    pci: '0000:00:03.0',
    virtio: 'virtio0',
    driver: 'virtio_net',
  });
  addNic(tree, {
    name: 'eth1',
    mac: mac1,
    pci: '0000:00:04.0',
    virtio: 'virtio1',
    driver: 'virtio_net',
  });
  const blk = (pci: string, virtio: string) => `/sys/devices/pci0000:00/${pci}/${virtio}`;
  addDisk(tree, {
    name: 'vda',
    major: 252,
    parent: blk('0000:00:05.0', 'virtio2'),
    sectors: 104857600,
  });
  addDisk(tree, {
    name: 'vdb',
    major: 252,
    parent: blk('0000:00:06.0', 'virtio3'),
    sectors: 20971520,
  });
  addDisk(tree, { name: 'loop0', major: 7, parent: '/sys/devices/virtual', sectors: 0 });
  addDisk(tree, {
    name: 'sr0',
    major: 11,
    parent: '/sys/devices/pci0000:00/0000:00:01.1/ata2/host1/target1:0:0/1:0:0:0',
    sectors: 0,
    removable: 1,
  });
  return tree;
}

/**
 * A QEMU/KVM virtual machine on the discovery image: two virtio NICs without speed, two virtio
 * disks, no NUMA nodes in sysfs, no ethtool, dmidecode or lshw.
 */
export function vmNode(mac0 = '52:54:00:aa:00:01', mac1 = '52:54:00:aa:00:02'): FakeNode {
  const tree = vmTree(mac0, mac1);
  const addresses = { eth0: [{ address: '10.20.0.3', netmask: '255.255.255.0' }] };
  return { tree, host: fakeHost(tree, addresses, async () => undefined), addresses };
}

const XEON = 'Intel(R) Xeon(R) CPU E5-2620 0  @  2.00GHz';
const XEON_FLAGS = 'fpu vme de pse tsc msr pae mce pdpe1gb lm constant_tsc';

function bareMetalBase(): FakeTree {
  const tree = new FakeTree()
    .file(
      '/proc/cpuinfo',
      cpuinfo(
        [0, 0, 1, 1].map((physical) => ({
          physical,
          model: XEON,
          mhz: '1200.000',
          flags: XEON_FLAGS,
        })),
      ),
    )
    .file('/proc/meminfo', 'MemTotal:       65888368 kB')
    .file('/proc/cmdline', 'BOOT_IMAGE=/vmlinuz root=/dev/sda2 ro')
    .file('/proc/net/route', 'Iface\tDestination\tGateway\tFlags\tRefCnt\tUse\tMetric\tMask\n')
    .file('/proc/sys/kernel/hostname', 'node-7')
    .file('/etc/os-release', 'NAME="CentOS Linux"\nID="centos"')
    .file('/etc/nailgun_systemtype', 'target')
    .file(
      '/etc/nailgun-agent/config.yaml',
      "# written by provisioning\nurl: 'http://10.20.0.2:8000/api'\nlshw_timeout: 30",
    )
    .files('/sys/class/dmi/id', {
      sys_vendor: 'Supermicro',
      product_name: 'X9DRW',
      product_serial: '0123456789',
      product_uuid: '00000000-0000-0000-0000-0025906AB111',
      product_family: 'To Be Filled By O.E.M.',
      chassis_version: '1.01',
    });
  for (let cpu = 0; cpu < 4; cpu += 1) {
    tree.file(`/sys/devices/system/cpu/cpu${cpu}/cpufreq/cpuinfo_max_freq`, 2001000);
  }
  for (const [id, cpus, kib, distance] of [
    [0, '0-1', 32944184, '10 21'],
    [1, '2-3', 32944184, '21 10'],
  ] as const) {
    tree.files(`/sys/devices/system/node/node${id}`, {
      cpulist: cpus,
      meminfo: `Node ${id} MemTotal:       ${kib} kB\nNode ${id} MemFree: 1 kB`,
      distance,
    });
  }
  return tree;
}

function bareMetalNics(tree: FakeTree, mac: string): void {
  addNic(tree, {
    name: 'eno1',
    mac,
    pci: '0000:04:00.0',
    driver: 'igb',
    vendor: '0x8086',
    device: '0x1521',
    numaNode: 0,
    speed: 1000,
    extra: { sriov_totalvfs: 7, sriov_vf_device: '1520' },
  });
  addNic(tree, {
    name: 'eno2',
    mac: '00:25:90:6a:b1:12',
    pci: '0000:83:00.0',
    driver: 'ixgbe',
    vendor: '0x8086',
    device: '0x10fb',
    numaNode: 1,
    speed: -1,
    operstate: 'down',
  });
  addNic(tree, {
    name: 'eno1v0',
    mac: '02:25:90:00:00:01',
    pci: '0000:04:10.0',
    driver: 'igbvf',
    vendor: '0x8086',
    device: '0x1520',
    numaNode: 0,
  });
  tree.link('/sys/devices/pci0000:00/0000:04:10.0/physfn', '/sys/devices/pci0000:00/0000:04:00.0');
  addNic(tree, { name: 'wlan0', mac: '00:21:6a:00:00:01', pci: '0000:05:00.0', driver: 'iwlwifi' });
  tree.dir('/sys/devices/pci0000:00/0000:05:00.0/net/wlan0/phy80211');
  addVirtualInterface(tree, 'br-fw-admin', mac);
  tree.link(
    '/sys/devices/pci0000:00/0000:04:00.0/net/eno1/master',
    '/sys/devices/virtual/net/br-fw-admin',
  );
}

function bareMetalDisks(tree: FakeTree): void {
  const ahci = '/sys/devices/pci0000:00/0000:00:1f.2';
  tree.files(ahci, { vendor: '0x8086' });
  addDisk(tree, {
    name: 'sda',
    major: 8,
    parent: `${ahci}/ata1/host0/target0:0:0/0:0:0:0`,
    sectors: 1953525168,
    model: 'ST1000NM0033-9ZM',
    vendor: 'ATA',
  });
  addDiskLink(tree, 'by-path', 'pci-0000:00:1f.2-ata-1', 'sda');
  addDiskLink(tree, 'by-id', 'ata-ST1000NM0033-9ZM_Z1W0', 'sda');
  addDiskLink(tree, 'by-id', 'wwn-0x5000c500', 'sda');
  const adaptec = '/sys/devices/pci0000:00/0000:02:00.0';
  tree.files(adaptec, { vendor: '0x9005' });
  addDisk(tree, {
    name: 'sdb',
    major: 8,
    parent: `${adaptec}/host2/target2:0:0/2:0:0:0`,
    sectors: 585871964,
    removable: 1,
    model: 'RAID1',
    vendor: 'Adaptec',
  });
  addDisk(tree, {
    name: 'sdc',
    major: 8,
    parent: `${ahci}/ata3/host3/target3:0:0/3:0:0:0`,
    sectors: 62521344,
    removable: 1,
    model: 'Card Reader',
    vendor: 'Generic',
  });
  addDisk(tree, {
    name: 'sdd',
    major: 8,
    parent: '/sys/devices/pci0000:00/0000:00:14.0/usb1/1-1/1-1:1.0/host4/target4:0:0/4:0:0:0',
    sectors: 976773168,
    model: 'My Passport',
    vendor: 'WD',
  });
  addDisk(tree, {
    name: 'nvme0n1',
    major: 259,
    parent: '/sys/devices/pci0000:80/0000:80:02.0/0000:85:00.0/nvme/nvme0',
    sectors: 1953525168,
    model: 'INTEL SSDPE2KX010T8',
    optimalIo: 131072,
  });
  addDiskLink(tree, 'by-path', 'pci-0000:85:00.0-nvme-1', 'nvme0n1');
  addDisk(tree, { name: 'dm-0', major: 253, parent: '/sys/devices/virtual', sectors: 1000 });
  addDisk(tree, { name: 'ram0', major: 1, parent: '/sys/devices/virtual', sectors: 131072 });
}

/** Answers of the tools a bare-metal node has installed. */
const bareMetalTools: CommandRunner = async (command, args) => {
  const key = [command, ...args].join(' ');
  return outputs.BARE_METAL[key];
};

/**
 * A provisioned two-socket server: two NUMA nodes, two Intel NICs (one SR-IOV capable, its VF
 * and a Wi-Fi card besides), the admin address on a bridge over eno1, disks of several kinds,
 * and ethtool, dmidecode and lshw installed.
 */
export function bareMetalNode(mac = '00:25:90:6a:b1:11'): FakeNode {
  const tree = bareMetalBase();
  bareMetalNics(tree, mac);
  bareMetalDisks(tree);
  const addresses = { 'br-fw-admin': [{ address: '10.20.0.5', netmask: '255.255.255.0' }] };
  return { tree, host: fakeHost(tree, addresses, bareMetalTools), addresses };
}
