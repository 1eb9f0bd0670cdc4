import type { Host } from '../host.js';
import { readText } from '../host-files.js';
import type { MemoryDevice, MetaMemory } from '../meta-types.js';

const UNIT_BYTES = {
  kb: 1024,
  mb: 1024 ** 2,
  gb: 1024 ** 3,
  tb: 1024 ** 4,
} as const;

type SizeUnit = keyof typeof UNIT_BYTES;

/** A `<number> <unit>` value of dmidecode (`8192 MB`, `256 GB`), in bytes. */
function bytesOf(group: string, label: string): number | undefined {
  const match = new RegExp(`^\\s*${label}:\\s+(\\d+)\\s+([kmgt]b)\\b`, 'im').exec(group);
  if (!match?.[1] || !match[2]) return undefined;
  return Number(match[1]) * UNIT_BYTES[match[2].toLowerCase() as SizeUnit];
}

function integerOf(group: string, pattern: RegExp): number | undefined {
  const match = pattern.exec(group);
  return match?.[1] ? Number(match[1]) : undefined;
}

function moduleOf(group: string): MemoryDevice | undefined {
  const size = bytesOf(group, 'Size');
  if (size === undefined) return undefined;
  const device: MemoryDevice = { size };
  const frequency = integerOf(group, /^\s*Speed:\s+(\d+)\s+(?:MHz|MT\/s)/im);
  if (frequency !== undefined) device.frequency = frequency;
  const type = /^\s*Type:\s+(.*?)\s*$/m.exec(group)?.[1];
  if (type !== undefined) device.type = type;
  return device;
}

/**
 * Memory as `dmidecode -t memory` describes it: installed modules, slots and the boards'
 * maximum. Undefined when no module reports a size (VMs often have no such table).
 */
export function parseDmidecodeMemory(text: string): MetaMemory | undefined {
  const memory = { total: 0, maximum_capacity: 0, slots: 0, devices: [] as MemoryDevice[] };
  for (const group of text.split(/\n\s*\n/)) {
    if (/^Physical Memory Array$/m.test(group)) {
      memory.maximum_capacity += bytesOf(group, 'Maximum Capacity') ?? 0;
      memory.slots += integerOf(group, /^\s*Number Of Devices:\s+(\d+)/im) ?? 0;
    } else if (/^Memory Device$/m.test(group)) {
      const device = moduleOf(group);
      if (!device) continue;
      memory.devices.push(device);
      memory.total += device.size;
    }
  }
  return memory.total > 0 ? memory : undefined;
}

/** `MemTotal` of `/proc/meminfo`, in bytes. */
export async function memTotal(host: Host): Promise<number | undefined> {
  const text = await readText(host, '/proc/meminfo');
  const kib = text === undefined ? undefined : /^MemTotal:\s+(\d+)\s+kB/m.exec(text)?.[1];
  return kib === undefined ? undefined : Number(kib) * 1024;
}

/** Memory from dmidecode when it is installed and answers, else the kernel's total. */
export async function collectMemory(host: Host): Promise<MetaMemory | undefined> {
  const dmidecode = await host.run('dmidecode', ['-t', 'memory']);
  const fromModules = dmidecode === undefined ? undefined : parseDmidecodeMemory(dmidecode);
  if (fromModules) return fromModules;
  const total = await memTotal(host);
  return total === undefined ? undefined : { total };
}
