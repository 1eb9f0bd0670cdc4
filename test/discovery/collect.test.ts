import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { readSettings } from '../../agent/discovery/config.js';
import { silentLogger } from '../../agent/discovery/logger.js';
import type { AgentPayload, MetaDisk } from '../../agent/discovery/meta-types.js';
import { buildPayload } from '../../agent/discovery/payload.js';
import { collectReport } from '../../agent/discovery/report.js';
import { agentPayloadSchema } from '../../functions/core/nodes/agent-payload.js';
import { bareMetalNode, type FakeNode, vmNode } from './support/nodes.js';

const MAC = /^([0-9a-f]{2}:){5}[0-9a-f]{2}$/;

async function payloadOf(node: FakeNode, masterIp = '10.20.0.2'): Promise<AgentPayload> {
  const settings = await readSettings(node.host);
  return buildPayload(await collectReport(node.host, { settings, masterIp, logger: silentLogger }));
}

function diskNamed(payload: AgentPayload, name: string): MetaDisk | undefined {
  return payload.meta?.disks.find((d) => d.name === name);
}

describe('hardware report of a virtual machine on the discovery image', () => {
  let node: FakeNode;
  let payload: AgentPayload;

  beforeAll(async () => {
    node = vmNode();
    payload = await payloadOf(node);
  });
  afterAll(() => node.tree.dispose());

  it('passes the schema Nailgun applies to agent payloads', () => {
    const parsed = agentPayloadSchema.safeParse(JSON.parse(JSON.stringify(payload)));

    expect(parsed.error).toBeUndefined();
  });

  it('names the node by the admin interface in upper case and sends status discover', () => {
    expect(payload).toMatchObject({
      mac: '52:54:00:AA:00:01',
      ip: '10.20.0.3',
      os_platform: 'ubuntu',
      manufacturer: 'QEMU',
      platform_name: null,
      status: 'discover',
      is_agent: true,
    });
    expect(payload.agent_checksum).toMatch(/^[0-9a-f]{40}$/);
  });

  it('reports both virtio NICs with their PCI address and no speed', () => {
    const interfaces = payload.meta?.interfaces ?? [];

    expect(interfaces.map((i) => i.name)).toEqual(['eth0', 'eth1']);
    expect(interfaces[0]).toMatchObject({
      mac: '52:54:00:aa:00:01',
      state: 'up',
      pxe: true,
      driver: 'virtio_net',
      bus_info: '0000:00:03.0',
      max_speed: null,
      current_speed: null,
      ip: '10.20.0.3',
      netmask: '255.255.255.0',
      offloading_modes: [],
      interface_properties: {
        sriov: { sriov_totalvfs: 0, available: false, pci_id: '' },
        pci_id: '1af4:1000',
        numa_node: 0,
        max_queues: null,
      },
    });
    expect(interfaces[1]).toMatchObject({ pxe: false, bus_info: '0000:00:04.0' });
    expect(interfaces[1]).not.toHaveProperty('ip');
    for (const iface of interfaces) expect(iface.mac).toMatch(MAC);
  });

  it('counts CPUs and sockets and keeps the model and MHz of each', () => {
    expect(payload.meta?.cpu).toEqual({
      total: 2,
      real: 1,
      spec: [
        { model: 'QEMU Virtual CPU version 2.5+', frequency: 2394 },
        { model: 'QEMU Virtual CPU version 2.5+', frequency: 2394 },
      ],
    });
  });

  it('reports the virtio disks in bytes and skips loop and CD-ROM devices', () => {
    expect(payload.meta?.disks).toEqual([
      {
        name: 'vda',
        model: null,
        size: 104857600 * 512,
        disk: 'vda',
        extra: [],
        removable: '0',
        paths: null,
        opt_io: 512,
      },
      expect.objectContaining({ name: 'vdb', size: 20971520 * 512 }),
    ]);
  });

  it('takes the memory total from the kernel when dmidecode is missing', () => {
    expect(payload.meta?.memory).toEqual({ total: 2040204 * 1024 });
  });

  it('describes a machine without NUMA nodes as one node', () => {
    expect(payload.meta?.numa_topology).toEqual({
      numa_nodes: [
        {
          id: 0,
          cpus: [0, 1],
          memory: 2040204 * 1024,
          pcidevs: ['0000:00:03.0', '0000:00:04.0'],
        },
      ],
      supported_hugepages: [2048],
      distances: [['1.0']],
    });
  });

  it('keeps DMI facts with a value and runs no lshw (none installed)', () => {
    expect(payload.meta?.system).toEqual({
      manufacturer: 'QEMU',
      uuid: '0C2041CE-94E4-453D-95DD-1682D5D8E487',
      fqdn: 'bootstrap',
    });
    expect(payload.meta?.pci_devices).toEqual({});
  });
});

describe('hardware report of a provisioned bare-metal server', () => {
  let node: FakeNode;
  let payload: AgentPayload;

  beforeAll(async () => {
    node = bareMetalNode();
    payload = await payloadOf(node);
  });
  afterAll(() => node.tree.dispose());

  it('passes the schema Nailgun applies to agent payloads', () => {
    const parsed = agentPayloadSchema.safeParse(JSON.parse(JSON.stringify(payload)));

    expect(parsed.error).toBeUndefined();
  });

  it('names the node by the admin bridge and sends no status off the discovery image', () => {
    expect(payload).toMatchObject({
      mac: '00:25:90:6A:B1:11',
      ip: '10.20.0.5',
      os_platform: 'centos',
      manufacturer: 'Supermicro',
      platform_name: 'X9DRW',
    });
    expect(payload).not.toHaveProperty('status');
  });

  it('reports the physical NICs only, flagging the one under the admin bridge as PXE', () => {
    const interfaces = payload.meta?.interfaces ?? [];

    expect(interfaces.map((i) => [i.name, i.pxe])).toEqual([
      ['eno1', true],
      ['eno2', false],
    ]);
  });

  it('adds speeds, offloads, queues, SR-IOV and NUMA placement of a NIC', () => {
    const eno1 = payload.meta?.interfaces[0];

    expect(eno1).toMatchObject({
      driver: 'igb',
      bus_info: '0000:04:00.0',
      max_speed: 1000,
      current_speed: 1000,
      interface_properties: {
        sriov: { sriov_totalvfs: 6, available: true, pci_id: '8086:1520' },
        pci_id: '8086:1521',
        numa_node: 0,
        max_queues: 8,
      },
    });
    expect(eno1?.offloading_modes.map((m) => [m.name, m.sub.map((s) => s.name)])).toEqual([
      ['rx-checksumming', []],
      ['tx-checksumming', ['tx-checksum-ipv4', 'tx-checksum-ipv6']],
      ['scatter-gather', ['tx-scatter-gather']],
      ['tcp-segmentation-offload', ['tx-tcp-segmentation']],
      ['generic-receive-offload', []],
    ]);
    expect(payload.meta?.interfaces[1]).toMatchObject({
      state: 'down',
      current_speed: null,
      interface_properties: { numa_node: 1 },
    });
  });

  it('counts sockets by physical id and reports the top frequency of each CPU', () => {
    expect(payload.meta?.cpu?.total).toBe(4);
    expect(payload.meta?.cpu?.real).toBe(2);
    expect(payload.meta?.cpu?.spec[0]).toEqual({
      model: 'Intel(R) Xeon(R) CPU E5-2620 0 @ 2.00GHz',
      frequency: 2001,
    });
  });

  it('reports data disks with udev names and skips USB, removable, mapper and RAM devices', () => {
    expect(payload.meta?.disks.map((d) => d.name)).toEqual(['nvme0n1', 'sda', 'sdb']);
    expect(diskNamed(payload, 'sda')).toEqual({
      name: 'sda',
      model: 'ST1000NM0033-9ZM',
      size: 1953525168 * 512,
      disk: 'disk/by-path/pci-0000:00:1f.2-ata-1',
      extra: ['disk/by-id/ata-ST1000NM0033-9ZM_Z1W0', 'disk/by-id/wwn-0x5000c500'],
      removable: '0',
      paths: null,
      opt_io: 512,
    });
    expect(diskNamed(payload, 'sdb')).toMatchObject({ model: 'RAID1', removable: '1' });
    expect(diskNamed(payload, 'nvme0n1')).toMatchObject({
      disk: 'disk/by-path/pci-0000:85:00.0-nvme-1',
      opt_io: 131072,
    });
  });

  it('reports USB disks when the setting asks for them', async () => {
    const other = bareMetalNode();
    other.tree.file('/proc/cmdline', 'root=/dev/sda2 report_usb_block_devices');

    const withUsb = await payloadOf(other);

    expect(withUsb.meta?.disks.map((d) => d.name)).toEqual(['nvme0n1', 'sda', 'sdb', 'sdd']);
    other.tree.dispose();
  });

  it('reads memory modules, slots and capacity from dmidecode', () => {
    expect(payload.meta?.memory).toEqual({
      total: 64 * 1024 ** 3,
      maximum_capacity: 512 * 1024 ** 3,
      slots: 4,
      devices: [
        { size: 32 * 1024 ** 3, frequency: 1333, type: 'DDR3' },
        { size: 32 * 1024 ** 3, frequency: 1600, type: 'DDR3' },
      ],
    });
  });

  it('reports both NUMA nodes with CPUs, memory, PCI devices and distances', () => {
    expect(payload.meta?.numa_topology).toEqual({
      numa_nodes: [
        { id: 0, cpus: [0, 1], memory: 32944184 * 1024, pcidevs: ['0000:04:00.0', '0000:04:10.0'] },
        { id: 1, cpus: [2, 3], memory: 32944184 * 1024, pcidevs: ['0000:83:00.0'] },
      ],
      supported_hugepages: [2048, 1048576],
      distances: [
        ['1.0', '2.1'],
        ['2.1', '1.0'],
      ],
    });
  });

  it('keeps serial, uuid and chassis version and drops firmware placeholders', () => {
    expect(payload.meta?.system).toEqual({
      manufacturer: 'Supermicro',
      serial: '0123456789',
      uuid: '00000000-0000-0000-0000-0025906AB111',
      product: 'X9DRW',
      version: '1.01',
      fqdn: 'node-7',
    });
  });

  it('sends no lshw tree off the discovery image', () => {
    expect(payload.meta?.pci_devices).toEqual({});
  });
});
