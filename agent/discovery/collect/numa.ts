import type { Host } from '../host.js';
import { listDir, readInteger, readText } from '../host-files.js';
import type { NumaNode, NumaTopology } from '../meta-types.js';
import { memTotal } from './memory.js';

const PCI_DEVICES = '/sys/bus/pci/devices';

/** A kernel CPU list (`0-3,8,10-11`) as numbers. */
export function parseCpuList(text: string): number[] {
  const cpus: number[] = [];
  for (const part of text
    .split(',')
    .map((p) => p.trim())
    .filter((p) => p !== '')) {
    const [from, to] = part.split('-').map(Number);
    if (from === undefined || !Number.isInteger(from)) continue;
    for (let cpu = from; cpu <= (to ?? from); cpu += 1) cpus.push(cpu);
  }
  return cpus;
}

/** Huge page sizes (KiB) the CPU supports: 1 GiB pages need `pdpe1gb`, 2 MiB ones `pse`. */
export function supportedHugepages(cpuFlags: readonly string[]): number[] {
  if (cpuFlags.includes('pdpe1gb')) return [2048, 1048576];
  if (cpuFlags.includes('pse')) return [2048];
  return [];
}

/** PCI addresses by the NUMA node sysfs puts them on (-1 when the firmware says none). */
async function pciByNode(host: Host): Promise<Map<number, string[]>> {
  const byNode = new Map<number, string[]>();
  for (const address of await listDir(host, PCI_DEVICES)) {
    const node = (await readInteger(host, `${PCI_DEVICES}/${address}/numa_node`)) ?? -1;
    byNode.set(node, [...(byNode.get(node) ?? []), address]);
  }
  return byNode;
}

async function nodeMemory(host: Host, dir: string): Promise<number> {
  const text = (await readText(host, `${dir}/meminfo`)) ?? '';
  const kib = /MemTotal:\s+(\d+)\s+kB/.exec(text)?.[1];
  return kib === undefined ? 0 : Number(kib) * 1024;
}

/** `10 21` → `["1.0", "2.1"]`: distances relative to the local one, as lstopo gives them. */
function relativeDistances(text: string | undefined): string[] {
  const values = (text ?? '')
    .split(/\s+/)
    .filter((v) => v !== '')
    .map(Number);
  return values.map((v) => (v / 10).toFixed(1));
}

/** The whole machine as one node, for kernels that expose no NUMA nodes. */
async function singleNode(host: Host, pci: Map<number, string[]>): Promise<NumaNode> {
  const online = (await readText(host, '/sys/devices/system/cpu/online')) ?? '';
  return {
    id: 0,
    cpus: parseCpuList(online),
    memory: (await memTotal(host)) ?? 0,
    pcidevs: [...pci.values()].flat().sort(),
  };
}

/**
 * NUMA nodes with their CPUs, memory (bytes) and PCI devices, the distance matrix and the huge
 * page sizes, from `/sys/devices/system/node`. A machine without NUMA nodes in sysfs is one
 * node at distance 1.0 from itself.
 */
export async function collectNumaTopology(
  host: Host,
  cpuFlags: readonly string[],
): Promise<NumaTopology> {
  const base = '/sys/devices/system/node';
  const names = (await listDir(host, base)).filter((n) => /^node\d+$/.test(n));
  const ids = names.map((n) => Number(n.slice(4))).sort((a, b) => a - b);
  const pci = await pciByNode(host);
  const supported_hugepages = supportedHugepages(cpuFlags);
  if (ids.length === 0) {
    return { numa_nodes: [await singleNode(host, pci)], supported_hugepages, distances: [['1.0']] };
  }
  const nodes = await Promise.all(
    ids.map(async (id) => ({
      id,
      cpus: parseCpuList((await readText(host, `${base}/node${id}/cpulist`)) ?? ''),
      memory: await nodeMemory(host, `${base}/node${id}`),
      pcidevs: pci.get(id) ?? [],
    })),
  );
  const distances = await Promise.all(
    ids.map(async (id) => relativeDistances(await readText(host, `${base}/node${id}/distance`))),
  );
  return { numa_nodes: nodes, supported_hugepages, distances };
}

/** The NUMA node a PCI device sits on, as the topology tells. */
export function numaNodeOf(
  topology: NumaTopology | undefined,
  pciAddress: string | null,
): number | null {
  if (!topology || pciAddress === null) return null;
  return topology.numa_nodes.find((n) => n.pcidevs.includes(pciAddress))?.id ?? null;
}
