import type { Host } from '../host.js';
import { listDir, readInteger, readText } from '../host-files.js';
import type { CpuSpec, MetaCpu } from '../meta-types.js';

/** One block of `/proc/cpuinfo`: its `key: value` lines. */
type CpuBlock = Map<string, string>;

/** What `/proc/cpuinfo` says: the report section and the first CPU's feature flags. */
export interface CpuFacts {
  cpu: MetaCpu;
  flags: string[];
}

function parseBlocks(text: string): CpuBlock[] {
  return text
    .split(/\n\s*\n/)
    .map((block) => {
      const fields: CpuBlock = new Map();
      for (const line of block.split('\n')) {
        const colon = line.indexOf(':');
        if (colon > 0) fields.set(line.slice(0, colon).trim(), line.slice(colon + 1).trim());
      }
      return fields;
    })
    .filter((fields) => fields.has('processor'));
}

/** The CPU's top frequency in MHz: cpufreq's maximum when the kernel has it, else cpuinfo's. */
async function frequency(host: Host, block: CpuBlock): Promise<number | null> {
  const khz = await readInteger(
    host,
    `/sys/devices/system/cpu/cpu${block.get('processor')}/cpufreq/cpuinfo_max_freq`,
  );
  if (khz !== undefined && khz >= 1000) return Math.trunc(khz / 1000);
  const mhz = Number.parseFloat(block.get('cpu MHz') ?? '');
  return Number.isFinite(mhz) ? Math.trunc(mhz) : null;
}

async function spec(host: Host, block: CpuBlock): Promise<CpuSpec> {
  const model = block.get('model name') ?? block.get('Processor');
  return {
    frequency: await frequency(host, block),
    model: model === undefined ? null : model.replace(/ +/g, ' '),
  };
}

/** Sockets from sysfs, for kernels whose cpuinfo has no `physical id` (ARM, some VMs). */
async function packagesFromSysfs(host: Host): Promise<number> {
  const cpus = (await listDir(host, '/sys/devices/system/cpu')).filter((n) => /^cpu\d+$/.test(n));
  const ids = await Promise.all(
    cpus.map((cpu) =>
      readText(host, `/sys/devices/system/cpu/${cpu}/topology/physical_package_id`),
    ),
  );
  return new Set(ids.filter((id) => id !== undefined)).size;
}

async function physicalCount(host: Host, blocks: CpuBlock[]): Promise<number> {
  const ids = new Set(blocks.map((b) => b.get('physical id')).filter((id) => id !== undefined));
  if (ids.size > 0) return ids.size;
  const packages = await packagesFromSysfs(host);
  return packages > 0 ? packages : Math.min(blocks.length, 1);
}

/** Logical CPUs, sockets and per-CPU model and frequency, from `/proc/cpuinfo`. */
export async function collectCpu(host: Host): Promise<CpuFacts> {
  const text = await readText(host, '/proc/cpuinfo');
  if (text === undefined) throw new Error('/proc/cpuinfo is not readable');
  const blocks = parseBlocks(text);

  return {
    cpu: {
      total: blocks.length,
      real: await physicalCount(host, blocks),
      spec: await Promise.all(blocks.map((b) => spec(host, b))),
    },
    flags: (blocks[0]?.get('flags') ?? '').split(/\s+/).filter((f) => f !== ''),
  };
}
