import type { AddressMap, Host } from '../host.js';
import { exists, linkName, listDir, readInteger, readText, resolvedParts } from '../host-files.js';
import type { InterfaceProperties, MetaInterface, NumaTopology } from '../meta-types.js';
import { type EthtoolFacts, ethtoolFacts } from './ethtool.js';
import { numaNodeOf } from './numa.js';
import { type DeviceLocation, locateDevice, pciId, sriovInfo } from './pci.js';

const NET = '/sys/class/net';

/** `type` of an Ethernet interface in sysfs (ARPHRD_ETHER). */
const ARPHRD_ETHER = '1';

const NO_MAC = /^00(:00){5}$/;

/**
 * Physical Ethernet NICs only: virtual devices (loopback, bridges, bonds, VLANs, tunnels) live
 * under `devices/virtual`, Wi-Fi has `phy80211` or `wireless`, and SR-IOV virtual functions
 * have `device/physfn`.
 */
async function isPhysicalEthernet(host: Host, name: string): Promise<boolean> {
  const dir = `${NET}/${name}`;
  const [type, parts, hasDevice, wifi, wireless, vf] = await Promise.all([
    readText(host, `${dir}/type`),
    resolvedParts(host, dir),
    exists(host, `${dir}/device`),
    exists(host, `${dir}/phy80211`),
    exists(host, `${dir}/wireless`),
    exists(host, `${dir}/device/physfn`),
  ]);
  const virtual = parts?.includes('virtual') ?? true;
  return type === ARPHRD_ETHER && hasDevice && !virtual && !wifi && !wireless && !vf;
}

/** Link speed in Mbit/s; sysfs answers -1 (or refuses the read) while the link is down. */
async function currentSpeed(host: Host, name: string): Promise<number | null> {
  const speed = await readInteger(host, `${NET}/${name}/speed`);
  return speed !== undefined && speed > 0 ? speed : null;
}

async function properties(
  host: Host,
  where: DeviceLocation,
  ethtool: EthtoolFacts,
  numa: NumaTopology | undefined,
): Promise<InterfaceProperties> {
  return {
    sriov: await sriovInfo(host, where.pciDir),
    pci_id: await pciId(host, where.pciDir),
    numa_node: numaNodeOf(numa, where.pciDir === undefined ? null : where.busInfo),
    max_queues: ethtool.maxQueues,
  };
}

/** One NIC; undefined when it has no usable MAC. */
async function describe(
  host: Host,
  name: string,
  addresses: AddressMap,
  numa: NumaTopology | undefined,
): Promise<MetaInterface | undefined> {
  const dir = `${NET}/${name}`;
  const [address, state, driver, where, speed, ethtool] = await Promise.all([
    readText(host, `${dir}/address`),
    readText(host, `${dir}/operstate`),
    linkName(host, `${dir}/device/driver`),
    locateDevice(host, `${dir}/device`),
    currentSpeed(host, name),
    ethtoolFacts(host, name),
  ]);
  // A bond slave shows the bond's MAC in sysfs; the burnt-in one names the NIC for good.
  const mac = ethtool.permanentMac ?? address?.toLowerCase();
  if (!mac || NO_MAC.test(mac)) return undefined;
  const ipv4 = addresses[name]?.[0];
  return {
    name,
    mac,
    state: state ?? null,
    pxe: false,
    driver: driver ?? null,
    bus_info: where.busInfo,
    max_speed: ethtool.maxSpeed,
    current_speed: speed,
    ...(ipv4 ? { ip: ipv4.address, netmask: ipv4.netmask } : {}),
    offloading_modes: ethtool.offloadingModes,
    interface_properties: await properties(host, where, ethtool, numa),
  };
}

/**
 * The node's physical Ethernet NICs from `/sys/class/net`, with addresses from the kernel and
 * offloads, top speed and queues from ethtool when installed. `pxe` is left false here: which
 * NIC booted is decided once the admin interface is known.
 */
export async function collectInterfaces(
  host: Host,
  numa: NumaTopology | undefined,
): Promise<MetaInterface[]> {
  const names = await listDir(host, NET);
  const physical = await Promise.all(names.map((n) => isPhysicalEthernet(host, n)));
  const addresses = host.addresses();
  const described = await Promise.all(
    names.filter((_, i) => physical[i]).map((n) => describe(host, n, addresses, numa)),
  );
  return described.filter((i) => i !== undefined);
}
