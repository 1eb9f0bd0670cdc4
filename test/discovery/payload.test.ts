import { afterEach, describe, expect, it } from 'vitest';
import { readSettings } from '../../agent/discovery/config.js';
import { silentLogger } from '../../agent/discovery/logger.js';
import type { AgentPayload, ReportBody } from '../../agent/discovery/meta-types.js';
import { agentChecksum, buildPayload, canonicalJson } from '../../agent/discovery/payload.js';
import { collectReport } from '../../agent/discovery/report.js';
import { bareMetalNode, type FakeNode, vmNode } from './support/nodes.js';

const made: FakeNode[] = [];

function track(node: FakeNode): FakeNode {
  made.push(node);
  return node;
}

async function payloadOf(node: FakeNode): Promise<AgentPayload> {
  const settings = await readSettings(node.host);
  return buildPayload(
    await collectReport(node.host, { settings, masterIp: '10.20.0.2', logger: silentLogger }),
  );
}

afterEach(() => {
  for (const node of made.splice(0)) node.tree.dispose();
});

describe('canonicalJson', () => {
  it('writes the same text whatever order the keys were set in', () => {
    const a = { b: 1, a: { y: [1, { q: 1, p: 2 }], x: null } };
    const b = { a: { x: null, y: [1, { p: 2, q: 1 }] }, b: 1 };

    expect(canonicalJson(a)).toBe(canonicalJson(b));
    expect(canonicalJson(a)).toBe('{"a":{"x":null,"y":[1,{"p":2,"q":1}]},"b":1}');
  });

  it('leaves out undefined members but keeps array order', () => {
    expect(canonicalJson({ a: undefined, b: [3, 1, 2] })).toBe('{"b":[3,1,2]}');
  });
});

describe('agentChecksum', () => {
  const body: ReportBody = {
    mac: '52:54:00:AA:00:01',
    ip: '10.20.0.3',
    os_platform: 'ubuntu',
    manufacturer: 'QEMU',
    platform_name: null,
    is_agent: true,
  };

  it('is the SHA-1 hex of the canonical JSON and ignores key order', () => {
    const reordered: ReportBody = {
      is_agent: true,
      platform_name: null,
      manufacturer: 'QEMU',
      os_platform: 'ubuntu',
      ip: '10.20.0.3',
      mac: '52:54:00:AA:00:01',
    };

    expect(agentChecksum(body)).toMatch(/^[0-9a-f]{40}$/);
    expect(agentChecksum(reordered)).toBe(agentChecksum(body));
  });

  it('changes when any value changes', () => {
    expect(agentChecksum({ ...body, ip: '10.20.0.4' })).not.toBe(agentChecksum(body));
  });
});

describe('payload of a node', () => {
  it('carries the same checksum on every run of an unchanged node', async () => {
    const node = track(bareMetalNode());

    const first = await payloadOf(node);
    const second = await payloadOf(node);

    expect(second.agent_checksum).toBe(first.agent_checksum);
  });

  it('carries a new checksum when a disk changes', async () => {
    const node = track(vmNode());
    const before = await payloadOf(node);

    node.tree.file('/sys/devices/pci0000:00/0000:00:06.0/virtio3/block/vdb/size', 41943040);
    const after = await payloadOf(node);

    expect(after.meta?.disks[1]?.size).toBe(41943040 * 512);
    expect(after.agent_checksum).not.toBe(before.agent_checksum);
  });

  it('sends status discover and the lshw tree only on the discovery image', async () => {
    const node = track(bareMetalNode());
    node.tree.file('/etc/nailgun_systemtype', 'bootstrap');

    const payload = await payloadOf(node);

    expect(payload.status).toBe('discover');
    expect(payload.meta?.pci_devices).toEqual({
      id: 'node-7',
      class: 'system',
      children: [
        {
          id: 'core',
          class: 'bus',
          children: [{ id: 'cpu:0', class: 'processor', product: 'Xeon' }],
        },
      ],
    });
  });

  it('sends no status when the system type file is missing', async () => {
    const node = track(vmNode());
    node.tree.remove('/etc/nailgun_systemtype');

    const payload = await payloadOf(node);

    expect(payload).not.toHaveProperty('status');
  });

  it('leaves out a section that cannot be collected and still reports the rest', async () => {
    const node = track(vmNode());
    node.tree.remove('/proc/cpuinfo');

    const payload = await payloadOf(node);

    expect(payload.meta).not.toHaveProperty('cpu');
    expect(payload.meta?.interfaces).toHaveLength(2);
    expect(payload.meta?.disks).toHaveLength(2);
  });

  it('reports an empty interface list and no MAC on a node without NICs', async () => {
    const node = track(vmNode());
    node.tree.remove('/sys/class/net');

    const payload = await payloadOf(node);

    expect(payload.meta?.interfaces).toEqual([]);
    expect(payload).not.toHaveProperty('mac');
  });
});
