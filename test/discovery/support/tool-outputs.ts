/** What ethtool, dmidecode and lshw print on the bare-metal node, by command line. */

const ETHTOOL_FEATURES = `Features for eno1:
rx-checksumming: on
tx-checksumming: on
\ttx-checksum-ipv4: on
\ttx-checksum-ip-generic: off [fixed]
\ttx-checksum-ipv6: on
scatter-gather: on
\ttx-scatter-gather: on
\ttx-scatter-gather-fraglist: off [fixed]
tcp-segmentation-offload: on
\ttx-tcp-segmentation: on
\ttx-tcp-ecn-segmentation: off [fixed]
udp-fragmentation-offload: off [fixed]
generic-receive-offload: on
`;

const ETHTOOL_SETTINGS = `Settings for eno1:
\tSupported ports: [ TP ]
\tSupported link modes:   10baseT/Half 10baseT/Full
\t                        100baseT/Half 100baseT/Full
\t                        1000baseT/Full
\tSupported pause frame use: Symmetric
\tSupports auto-negotiation: Yes
\tSpeed: 1000Mb/s
\tDuplex: Full
`;

const ETHTOOL_CHANNELS = `Channel parameters for eno1:
Pre-set maximums:
RX:\t\t0
TX:\t\t0
Other:\t\t1
Combined:\t8
Current hardware settings:
RX:\t\t0
TX:\t\t0
Other:\t\t1
Combined:\t4
`;

const DMIDECODE_MEMORY = `# dmidecode 3.0
Getting SMBIOS data from sysfs.
SMBIOS 2.7 present.

Handle 0x002C, DMI type 16, 23 bytes
Physical Memory Array
\tLocation: System Board Or Motherboard
\tUse: System Memory
\tError Correction Type: Multi-bit ECC
\tMaximum Capacity: 256 GB
\tNumber Of Devices: 2

Handle 0x002D, DMI type 16, 23 bytes
Physical Memory Array
\tLocation: System Board Or Motherboard
\tMaximum Capacity: 256 GB
\tNumber Of Devices: 2

Handle 0x002E, DMI type 17, 34 bytes
Memory Device
\tArray Handle: 0x002C
\tSize: 32 GB
\tForm Factor: DIMM
\tLocator: P1-DIMMA1
\tType: DDR3
\tType Detail: Registered (Buffered)
\tSpeed: 1333 MHz

Handle 0x002F, DMI type 17, 34 bytes
Memory Device
\tArray Handle: 0x002C
\tSize: No Module Installed
\tLocator: P1-DIMMA2
\tType: Unknown

Handle 0x0030, DMI type 17, 34 bytes
Memory Device
\tArray Handle: 0x002D
\tSize: 32768 MB
\tLocator: P2-DIMME1
\tType: DDR3
\tSpeed: 1600 MT/s
`;

const LSHW = JSON.stringify({
  id: 'node-7',
  class: 'system',
  children: [
    {
      id: 'core',
      class: 'bus',
      children: [{ id: 'cpu:0', class: 'processor', product: 'Xeon', size: 1200000000 }],
    },
  ],
});

export const BARE_METAL: Record<string, string> = {
  'ethtool -k eno1': ETHTOOL_FEATURES,
  'ethtool eno1': ETHTOOL_SETTINGS,
  'ethtool -l eno1': ETHTOOL_CHANNELS,
  'ethtool -P eno1': 'Permanent address: 00:25:90:6a:b1:11\n',
  'ethtool -P eno2': 'Permanent address: 00:00:00:00:00:00\n',
  'dmidecode -t memory': DMIDECODE_MEMORY,
  'lshw -json -sanitize': LSHW,
};
