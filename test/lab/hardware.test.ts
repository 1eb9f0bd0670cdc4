import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { buildNodePayload } from '../../agent/discovery/agent.js';
import { noCommands } from '../../agent/discovery/commands.js';
import { silentLogger } from '../../agent/discovery/logger.js';
import { describeHardware, MAX_LAB_NODES } from '../../infra/local/lab/hardware/spec.js';
import { TreeWriter } from '../../infra/local/lab/hardware/tree-writer.js';
import { writeBootFiles, writeHardware } from '../../infra/local/lab/hardware/write-tree.js';

const dirs: string[] = [];
afterAll(async () => {
  await Promise.all(dirs.map((dir) => rm(dir, { recursive: true, force: true })));
});

/** Node `index`'s tree after a boot of `systemType`, and the payload the real agent builds. */
async function payloadOf(index: number, systemType: 'bootstrap' | 'target') {
  const dir = await mkdtemp(join(tmpdir(), 'lab-hw-'));
  dirs.push(dir);
  const hardware = describeHardware(index);
  const tree = new TreeWriter(dir);
  writeHardware(tree, hardware);
  writeBootFiles(tree, hardware, { systemType, hostname: 'bootstrap', apiUrl: 'http://x/api' });
  const host = {
    root: dir,
    run: noCommands,
    addresses: () => ({ eth0: [{ address: hardware.ip, netmask: hardware.netmask }] }),
  };
  return buildNodePayload(host, silentLogger, 'http://127.0.0.1:8000/api');
}

describe('lab node hardware', () => {
  it('gives every node of the largest lab its own QEMU MACs and admin address', () => {
    const nodes = Array.from({ length: MAX_LAB_NODES }, (_, i) => describeHardware(i + 1));

    const macs = nodes.flatMap((node) => node.nics.map((nic) => nic.mac));
    const ips = nodes.map((node) => node.ip);

    expect(new Set(macs).size).toBe(2 * MAX_LAB_NODES);
    expect(macs.every((mac) => /^52:54:00(:[0-9a-f]{2}){3}$/.test(mac))).toBe(true);
    expect(new Set(ips).size).toBe(MAX_LAB_NODES);
    expect(nodes.every((node) => node.disks.length >= 1 && node.disks.length <= 2)).toBe(true);
    expect(new Set(nodes.map((node) => node.cpus)).size).toBeGreaterThan(1);
  });

  it('refuses node numbers outside the lab', () => {
    expect(() => describeHardware(0)).toThrow(RangeError);
    expect(() => describeHardware(MAX_LAB_NODES + 1)).toThrow(RangeError);
  });

  it('writes a tree the real discovery agent reads as a bootstrap virtual machine', async () => {
    const payload = await payloadOf(2, 'bootstrap');

    expect(payload).toMatchObject({
      mac: '52:54:00:00:02:01',
      ip: '10.20.0.4',
      status: 'discover',
      manufacturer: 'QEMU',
      os_platform: 'ubuntu',
      is_agent: true,
    });
    expect(payload.meta?.interfaces?.map((nic) => [nic.name, nic.mac, nic.pxe])).toEqual([
      ['eth0', '52:54:00:00:02:01', true],
      ['eth1', '52:54:00:00:02:02', false],
    ]);
    expect(payload.meta?.disks?.map((disk) => [disk.name, disk.size])).toEqual([
      ['vda', 300 * 1024 ** 3],
      ['vdb', 100 * 1024 ** 3],
    ]);
    expect(payload.meta?.cpu?.total).toBe(8);
    expect(payload.meta?.memory?.total).toBe(16 * 1024 ** 3);
  });

  it('sends no status once the installed system runs', async () => {
    const payload = await payloadOf(3, 'target');

    expect(payload.status).toBeUndefined();
    expect(payload.meta?.disks?.map((disk) => disk.name)).toEqual(['vda']);
  });
});
