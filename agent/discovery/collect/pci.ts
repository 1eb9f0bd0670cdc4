import type { Host } from '../host.js';
import { readInteger, readText, resolvedParts } from '../host-files.js';
import type { SriovInfo } from '../meta-types.js';

/** A PCI address, `domain:bus:slot.function` (`0000:00:03.0`). */
const PCI_ADDRESS = /^[0-9a-f]{4}:[0-9a-f]{2}:[0-9a-f]{2}\.[0-7]$/i;

/** Where a device sits: its bus address and the sysfs directory of its PCI function. */
export interface DeviceLocation {
  /** The PCI address, or the device's own name when it is not on PCI. */
  busInfo: string | null;
  /** Root-relative sysfs directory of the PCI function, when there is one. */
  pciDir: string | undefined;
}

/**
 * Finds the PCI function behind a sysfs device link. A virtio NIC's `device` is `virtio0`,
 * whose parent is the PCI function; the nearest PCI address on the way up is the bus address
 * ethtool would report.
 */
export async function locateDevice(host: Host, deviceLink: string): Promise<DeviceLocation> {
  const parts = await resolvedParts(host, deviceLink);
  if (!parts) return { busInfo: null, pciDir: undefined };
  for (let i = parts.length - 1; i >= 0; i -= 1) {
    const part = parts[i];
    if (part !== undefined && PCI_ADDRESS.test(part)) {
      return { busInfo: part, pciDir: `/${parts.slice(0, i + 1).join('/')}` };
    }
  }
  return { busInfo: parts.at(-1) ?? null, pciDir: undefined };
}

/** `vendor:device` of a PCI function without the `0x` prefixes (`8086:10fb`), or `""`. */
export async function pciId(host: Host, pciDir: string | undefined): Promise<string> {
  if (pciDir === undefined) return '';
  const [vendor, device] = await Promise.all([
    readText(host, `${pciDir}/vendor`),
    readText(host, `${pciDir}/device`),
  ]);
  if (vendor === undefined || device === undefined) return '';
  return `${vendor.replace(/^0x/, '')}:${device.replace(/^0x/, '')}`;
}

/** The PCI vendor id (`0x9005`) of the controller behind a block or net device. */
export async function pciVendor(
  host: Host,
  pciDir: string | undefined,
): Promise<string | undefined> {
  return pciDir === undefined ? undefined : readText(host, `${pciDir}/vendor`);
}

/**
 * SR-IOV capability of a physical function, from sysfs. The stock agent reported one VF fewer
 * than the device offers; kept so that Nailgun's `num_vfs` limit stays what operators know.
 */
export async function sriovInfo(host: Host, pciDir: string | undefined): Promise<SriovInfo> {
  const none: SriovInfo = { sriov_totalvfs: 0, available: false, pci_id: '' };
  if (pciDir === undefined) return none;
  const total = await readInteger(host, `${pciDir}/sriov_totalvfs`);
  if (total === undefined || total <= 0) return none;
  const [vendor, vfDevice] = await Promise.all([
    readText(host, `${pciDir}/vendor`),
    readText(host, `${pciDir}/sriov_vf_device`),
  ]);
  const known = vendor !== undefined && vfDevice !== undefined;
  return {
    sriov_totalvfs: total - 1,
    available: true,
    pci_id: known ? `${vendor.replace(/^0x/, '')}:${vfDevice.replace(/^0x/, '')}` : '',
  };
}
