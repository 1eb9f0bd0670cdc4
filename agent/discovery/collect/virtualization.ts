import type { DmiFacts } from './system.js';

/** What the node runs on, in facter's `virtual` words. */
export const VIRTUALIZATIONS = [
  'physical',
  'virtualbox',
  'vmware',
  'kvm',
  'hyperv',
  'xenhvm',
  'parallels',
  'virtual',
] as const;

/** One of `VIRTUALIZATIONS`. */
export type Virtualization = (typeof VIRTUALIZATIONS)[number];

/** DMI product or vendor strings that name a hypervisor, checked in this order. */
const SIGNATURES: ReadonlyArray<readonly [RegExp, Virtualization]> = [
  [/VirtualBox/i, 'virtualbox'],
  [/VMware/i, 'vmware'],
  [/Parallels/i, 'parallels'],
  [/QEMU|KVM|Bochs|OpenStack/i, 'kvm'],
  [/Microsoft Corporation Virtual Machine/i, 'hyperv'],
  [/Xen/i, 'xenhvm'],
];

/**
 * Tells a virtual machine from a physical one by its DMI strings, then by the `hypervisor`
 * CPU flag that every hypervisor sets for its guests.
 */
export function detectVirtualization(dmi: DmiFacts, cpuFlags: readonly string[]): Virtualization {
  const text = `${dmi.vendor ?? ''} ${dmi.product ?? ''}`;
  const found = SIGNATURES.find(([pattern]) => pattern.test(text));
  if (found) return found[1];
  return cpuFlags.includes('hypervisor') ? 'virtual' : 'physical';
}

/** Whether the node is a virtual machine. */
export function isVirtual(virtual: Virtualization): boolean {
  return virtual !== 'physical';
}
