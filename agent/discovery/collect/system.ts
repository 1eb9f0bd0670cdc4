import type { Host } from '../host.js';
import { readValue } from '../host-files.js';
import type { SystemInfo } from '../meta-types.js';
import { isVirtual, type Virtualization } from './virtualization.js';

/** The DMI (SMBIOS) strings the report uses, from `/sys/class/dmi/id`. */
export interface DmiFacts {
  vendor?: string;
  product?: string;
  serial?: string;
  uuid?: string;
  family?: string;
  chassisVersion?: string;
}

const DMI_FILES = {
  vendor: 'sys_vendor',
  product: 'product_name',
  serial: 'product_serial',
  uuid: 'product_uuid',
  family: 'product_family',
  chassisVersion: 'chassis_version',
} as const satisfies Record<keyof DmiFacts, string>;

/** Firmware placeholders that mean "no value". */
const PLACEHOLDERS: ReadonlySet<string> = new Set([
  'Not Specified',
  'To Be Filled By O.E.M.',
  'Default string',
  'None',
]);

/** DMI strings; files that are absent or unreadable (serials need root) are left out. */
export async function readDmi(host: Host): Promise<DmiFacts> {
  const entries = await Promise.all(
    Object.entries(DMI_FILES).map(
      async ([key, file]) => [key, await readValue(host, `/sys/class/dmi/id/${file}`)] as const,
    ),
  );
  const facts: DmiFacts = {};
  for (const [key, value] of entries) {
    if (value !== undefined && !PLACEHOLDERS.has(value)) facts[key as keyof DmiFacts] = value;
  }
  return facts;
}

/**
 * The manufacturer Nailgun shows: "VirtualBox" on VirtualBox, the hypervisor's name on other
 * virtual machines except QEMU ones (which keep "QEMU"), else the DMI vendor.
 */
export function manufacturerOf(dmi: DmiFacts, virtual: Virtualization): string | null {
  if (virtual === 'virtualbox') return 'VirtualBox';
  if (isVirtual(virtual) && dmi.vendor?.toUpperCase() !== 'QEMU') return virtual;
  return dmi.vendor ?? null;
}

/** The product name, which only physical machines report. */
export function platformNameOf(dmi: DmiFacts, virtual: Virtualization): string | null {
  return isVirtual(virtual) ? null : (dmi.product ?? null);
}

/** Facts of `meta.system` other than DMI. */
export interface SystemExtras {
  runtimeUuid?: string | undefined;
  fqdn?: string | undefined;
}

/** `meta.system`, without keys that have no value. */
export function systemInfo(
  dmi: DmiFacts,
  virtual: Virtualization,
  extras: SystemExtras,
): SystemInfo {
  const info: SystemInfo = {
    manufacturer: manufacturerOf(dmi, virtual) ?? undefined,
    serial: dmi.serial,
    uuid: dmi.uuid,
    runtime_uuid: extras.runtimeUuid,
    product: platformNameOf(dmi, virtual) ?? undefined,
    family: dmi.family,
    version: dmi.chassisVersion,
    fqdn: extras.fqdn,
  };
  return Object.fromEntries(
    Object.entries(info).filter(([, value]) => value !== undefined && value !== ''),
  );
}

/** The host name the kernel holds, for `meta.system.fqdn`. */
export function readHostname(host: Host): Promise<string | undefined> {
  return readValue(host, '/proc/sys/kernel/hostname');
}
