import type { Host } from '../host.js';
import { linkName, listDir, readText } from '../host-files.js';

const NET = '/sys/class/net';

/** How deep bonds and bridges may stack above a NIC (NIC → bond → bridge, with room). */
const MAX_UPPER_DEPTH = 4;

/** MAC (lower-case) of every interface of `/sys/class/net`, bridges and bonds included. */
export async function interfaceMacs(host: Host): Promise<Record<string, string>> {
  const names = await listDir(host, NET);
  const macs = await Promise.all(names.map((n) => readText(host, `${NET}/${n}/address`)));
  const result: Record<string, string> = {};
  names.forEach((name, i) => {
    const mac = macs[i];
    if (mac) result[name] = mac.toLowerCase();
  });
  return result;
}

/** The bond and bridge an interface is enslaved to, nearest first (`eth0` → `bond0, br-fw`). */
export async function upperChain(host: Host, name: string): Promise<string[]> {
  const chain: string[] = [];
  let current = name;
  while (chain.length < MAX_UPPER_DEPTH) {
    const upper = await linkName(host, `${NET}/${current}/master`);
    if (upper === undefined || chain.includes(upper)) break;
    chain.push(upper);
    current = upper;
  }
  return chain;
}

/** The interface of the IPv4 default route, from `/proc/net/route`. */
export async function defaultRouteInterface(host: Host): Promise<string | undefined> {
  const text = (await readText(host, '/proc/net/route')) ?? '';
  for (const line of text.split('\n').slice(1)) {
    const [iface, destination, , , , , , mask] = line.trim().split(/\s+/);
    if (destination === '00000000' && mask === '00000000') return iface;
  }
  return undefined;
}
