/**
 * What a virtual node learns from the simulated Cobbler, as a real node learns it through PXE:
 * whether a system holding one of its MACs has netboot on (it then boots the installer), and
 * which machine a power action of Cobbler's fence agent is aimed at.
 */
import type { CobblerSimulator, SimSystem } from '../cobbler-simulator/index.js';

function macsOf(system: SimSystem): string[] {
  return [...system.interfaces.values()]
    .map((nic) => nic.mac_address)
    .filter((mac): mac is string => typeof mac === 'string' && mac !== '')
    .map((mac) => mac.toLowerCase());
}

/** Reads the simulator's systems for the lab. */
export class CobblerView {
  readonly #sim: CobblerSimulator;

  constructor(sim: CobblerSimulator) {
    this.#sim = sim;
  }

  /** Whether PXE would hand one of these MACs the installer. */
  netbootEnabled(macs: readonly string[]): boolean {
    const wanted = new Set(macs.map((mac) => mac.toLowerCase()));
    for (const system of this.#sim.state.systems.values()) {
      if (system.fields.netboot_enabled !== true) continue;
      if (macsOf(system).some((mac) => wanted.has(mac))) return true;
    }
    return false;
  }

  /** The MACs of the system named `name`; none when Cobbler has no such system. */
  macsOfSystem(name: string): string[] {
    const system = this.#sim.state.systems.get(name);
    return system === undefined ? [] : macsOf(system);
  }
}
