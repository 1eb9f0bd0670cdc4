import { describe, expect, it } from 'vitest';
import {
  parseMaxQueues,
  parseMaxSpeed,
  parseOffloads,
  parsePermanentMac,
} from '../../agent/discovery/collect/ethtool.js';
import { parseDmidecodeMemory } from '../../agent/discovery/collect/memory.js';
import { parseCpuList, supportedHugepages } from '../../agent/discovery/collect/numa.js';
import { noCommands } from '../../agent/discovery/commands.js';
import {
  bootInterfaceMac,
  parseCmdline,
  parseFlatYaml,
  readSettings,
} from '../../agent/discovery/config.js';
import { masterHost } from '../../agent/discovery/endpoint.js';
import { sameSubnet } from '../../agent/discovery/ipv4.js';
import { FakeTree } from './support/fake-tree.js';

describe('settings', () => {
  it('reads key=value words of the kernel command line, bare words as empty values', () => {
    expect(
      parseCmdline('initrd=/img ksdevice=bootif lang= quiet url=http://a:8000/api?x=1'),
    ).toEqual({
      initrd: '/img',
      ksdevice: 'bootif',
      lang: '',
      quiet: '',
      url: 'http://a:8000/api?x=1',
    });
  });

  it('reads top-level keys of the config file and skips comments and nested blocks', () => {
    const yaml =
      "# comment\nurl: 'http://10.20.0.2:8000/api'\nnested:\n  key: 1\nlshw_timeout: 30 # s\n";

    expect(parseFlatYaml(yaml)).toEqual({ url: 'http://10.20.0.2:8000/api', lshw_timeout: '30' });
  });

  it('lets the kernel command line override the config file', async () => {
    const tree = new FakeTree()
      .file('/etc/nailgun-agent/config.yaml', 'url: http://10.20.0.2:8000/api\nkeep: yes')
      .file('/proc/cmdline', 'url=http://10.30.0.2:8000/api');
    const host = { root: tree.root, run: noCommands, addresses: () => ({}) };

    const settings = await readSettings(host);

    expect(settings).toEqual({ url: 'http://10.30.0.2:8000/api', keep: 'yes' });
    tree.dispose();
  });

  it('gives no settings when neither source exists', async () => {
    const tree = new FakeTree();

    const settings = await readSettings({
      root: tree.root,
      run: noCommands,
      addresses: () => ({}),
    });

    expect(settings).toEqual({});
    tree.dispose();
  });

  it('reads the booted MAC from BOOTIF with or without the hardware type', () => {
    expect(bootInterfaceMac({ BOOTIF: '01-52-54-00-AA-00-01' })).toBe('52:54:00:aa:00:01');
    expect(bootInterfaceMac({ BOOTIF: '52-54-00-aa-00-01' })).toBe('52:54:00:aa:00:01');
    expect(bootInterfaceMac({ BOOTIF: 'garbage' })).toBeUndefined();
    expect(bootInterfaceMac({})).toBeUndefined();
  });

  it('takes only the host of the url setting, localhost when there is none', () => {
    expect(masterHost('https://10.20.0.2:8443/api')).toBe('10.20.0.2');
    expect(masterHost('not a url')).toBe('localhost');
    expect(masterHost(undefined)).toBe('localhost');
  });
});

describe('ethtool output', () => {
  it('nests sub-offloads and drops fixed ones, keeping children of a fixed parent', () => {
    const text = 'Features for x:\na: on\n\ta1: on\nb: off [fixed]\n\tb1: on\nc: on\n';

    expect(parseOffloads(text)).toEqual([
      { name: 'a', state: null, sub: [{ name: 'a1', state: null, sub: [] }] },
      { name: 'b1', state: null, sub: [] },
      { name: 'c', state: null, sub: [] },
    ]);
  });

  it('finds the top supported speed, null without link modes', () => {
    expect(parseMaxSpeed('\tSupported link modes:   1000baseT/Full\n\t10000baseT/Full\n')).toBe(
      10000,
    );
    expect(parseMaxSpeed('\tSupported link modes:   Not reported\n\tSpeed: Unknown!\n')).toBeNull();
  });

  it('reads the preset maximum of combined queues', () => {
    expect(
      parseMaxQueues(
        'Pre-set maximums:\nRX:\tn/a\nCombined:\t63\nCurrent hardware settings:\nCombined:\t8',
      ),
    ).toBe(63);
    expect(
      parseMaxQueues('Channel parameters for x:\nCannot get device channel parameters'),
    ).toBeNull();
  });

  it('ignores an all-zero permanent address', () => {
    expect(parsePermanentMac('Permanent address: 00:25:90:6A:B1:11')).toBe('00:25:90:6a:b1:11');
    expect(parsePermanentMac('Permanent address: 00:00:00:00:00:00')).toBeUndefined();
  });
});

describe('small parsers', () => {
  it('expands kernel CPU lists', () => {
    expect(parseCpuList('0-2,8,10-11')).toEqual([0, 1, 2, 8, 10, 11]);
    expect(parseCpuList('')).toEqual([]);
  });

  it('derives huge page sizes from CPU flags', () => {
    expect(supportedHugepages(['pse', 'pdpe1gb'])).toEqual([2048, 1048576]);
    expect(supportedHugepages(['pse'])).toEqual([2048]);
    expect(supportedHugepages([])).toEqual([]);
  });

  it('gives no dmidecode memory when no module reports a size', () => {
    expect(parseDmidecodeMemory('Memory Device\n\tSize: No Module Installed\n')).toBeUndefined();
  });

  it('tells whether an address is in a subnet', () => {
    expect(sameSubnet('10.20.0.2', '10.20.0.5', '255.255.255.0')).toBe(true);
    expect(sameSubnet('10.20.1.2', '10.20.0.5', '255.255.255.0')).toBe(false);
    expect(sameSubnet('200.1.1.1', '200.1.2.2', '255.255.0.0')).toBe(true);
    expect(sameSubnet('x', '10.20.0.5', '255.255.255.0')).toBe(false);
  });
});
