import { describe, expect, it } from 'vitest';
import { identify, markPxe } from '../../agent/discovery/identity.js';
import type { MetaInterface } from '../../agent/discovery/meta-types.js';

function nic(name: string, mac: string, ip?: string): MetaInterface {
  return {
    name,
    mac,
    state: 'up',
    pxe: false,
    driver: 'igb',
    bus_info: null,
    max_speed: null,
    current_speed: null,
    ...(ip ? { ip, netmask: '255.255.255.0' } : {}),
    offloading_modes: [],
    interface_properties: {
      sriov: { sriov_totalvfs: 0, available: false, pci_id: '' },
      pci_id: '',
      numa_node: null,
      max_queues: null,
    },
  };
}

const nics = [
  nic('eth0', '52:54:00:00:00:01', '10.20.0.3'),
  nic('eth1', '52:54:00:00:00:02', '172.16.0.3'),
];
const links = { macs: { eth0: '52:54:00:00:00:01', eth1: '52:54:00:00:00:02' }, uppers: {} };
const addresses = {
  eth0: [{ address: '10.20.0.3', netmask: '255.255.255.0' }],
  eth1: [{ address: '172.16.0.3', netmask: '255.255.255.0' }],
};

describe('identify', () => {
  it('names the node by the interface in the master subnet', () => {
    const identity = identify(nics, links, addresses, {
      masterIp: '172.16.0.2',
      defaultRoute: 'eth0',
    });

    expect(identity).toEqual({ mac: '52:54:00:00:00:02', ip: '172.16.0.3', pxe: 'eth1' });
  });

  it('falls back to the default route interface when no subnet holds the master', () => {
    const identity = identify(nics, links, addresses, {
      masterIp: '10.99.0.2',
      defaultRoute: 'eth1',
    });

    expect(identity).toEqual({ mac: '52:54:00:00:00:02', ip: '172.16.0.3', pxe: 'eth1' });
  });

  it('flags the NIC named by BOOTIF as PXE whatever interface names the node', () => {
    const identity = identify(nics, links, addresses, {
      masterIp: '10.20.0.2',
      bootMac: '52:54:00:00:00:02',
    });

    expect(identity).toEqual({ mac: '52:54:00:00:00:01', ip: '10.20.0.3', pxe: 'eth1' });
    expect(markPxe(nics, identity.pxe).map((n) => n.pxe)).toEqual([false, true]);
  });

  it('names the node by the first NIC and sends a null IP when no address is known', () => {
    const identity = identify(nics, links, {}, {});

    expect(identity).toEqual({ mac: '52:54:00:00:00:01', ip: null, pxe: 'eth0' });
  });

  it('names nothing on a node without interfaces', () => {
    expect(identify([], { macs: {}, uppers: {} }, {}, {})).toEqual({ ip: null });
  });
});
