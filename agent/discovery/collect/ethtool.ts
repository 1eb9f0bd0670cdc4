import type { Host } from '../host.js';
import type { OffloadingMode } from '../meta-types.js';

/** What ethtool adds to sysfs; every field is missing when ethtool is. */
export interface EthtoolFacts {
  offloadingModes: OffloadingMode[];
  maxSpeed: number | null;
  maxQueues: number | null;
  permanentMac: string | undefined;
}

/**
 * Offloads an operator may switch, from `ethtool -k`: fixed ones are left out, and an indented
 * line is a sub-offload of the nearest less indented line kept.
 */
export function parseOffloads(text: string): OffloadingMode[] {
  const top: OffloadingMode[] = [];
  // A fixed line stays on the stack without a mode, so its sub-offloads do not climb under an
  // unrelated sibling.
  const open: Array<{ depth: number; mode: OffloadingMode | undefined }> = [];
  for (const line of text.split('\n')) {
    const colon = line.indexOf(':');
    if (colon <= 0 || line.startsWith('Features for')) continue;
    const depth = /^\t*/.exec(line)?.[0].length ?? 0;
    while (open.length > 0 && (open.at(-1)?.depth ?? 0) >= depth) open.pop();
    const fixed = line.includes('[fixed]');
    const mode: OffloadingMode | undefined = fixed
      ? undefined
      : { name: line.slice(0, colon).trim(), state: null, sub: [] };
    if (mode) (open.findLast((o) => o.mode !== undefined)?.mode?.sub ?? top).push(mode);
    open.push({ depth, mode });
  }
  return top;
}

/** The fastest supported link mode of `ethtool <if>` in Mbit/s (`10000baseT/Full` → 10000). */
export function parseMaxSpeed(text: string): number | null {
  const section = /Supported link modes:([\s\S]*?)(?:\n\s*[A-Z][\w -]*:|$)/.exec(text)?.[1] ?? '';
  const speeds = [...section.matchAll(/\b(\d+)base/g)].map((m) => Number(m[1]));
  return speeds.length > 0 ? Math.max(...speeds) : null;
}

/** The preset maximum of combined queues from `ethtool -l`. */
export function parseMaxQueues(text: string): number | null {
  const combined = /Pre-set maximums:[\s\S]*?Combined:\s*(\d+)/.exec(text)?.[1];
  return combined === undefined ? null : Number(combined);
}

/** The burnt-in MAC from `ethtool -P`, unless the EEPROM holds none (all zeros). */
export function parsePermanentMac(text: string): string | undefined {
  const mac = /Permanent address:\s*([0-9a-f]{2}(?::[0-9a-f]{2}){5})/i.exec(text)?.[1];
  return mac === undefined || /^00(:00){5}$/.test(mac) ? undefined : mac.toLowerCase();
}

/** Asks ethtool about one interface; a missing ethtool leaves every fact unknown. */
export async function ethtoolFacts(host: Host, name: string): Promise<EthtoolFacts> {
  const [features, settings, channels, permanent] = await Promise.all([
    host.run('ethtool', ['-k', name]),
    host.run('ethtool', [name]),
    host.run('ethtool', ['-l', name]),
    host.run('ethtool', ['-P', name]),
  ]);
  return {
    offloadingModes: features === undefined ? [] : parseOffloads(features),
    maxSpeed: settings === undefined ? null : parseMaxSpeed(settings),
    maxQueues: channels === undefined ? null : parseMaxQueues(channels),
    permanentMac: permanent === undefined ? undefined : parsePermanentMac(permanent),
  };
}
