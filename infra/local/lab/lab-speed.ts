/**
 * How fast the simulated data centre runs. At speed 1 a phase takes a few seconds, enough to
 * watch a deployment in the CLI; speed 10 is ten times faster; `instant` answers at once (the
 * benchmark). Every duration of the lab is one of `BASE_DURATIONS_MS` divided by the speed.
 */

/** A factor on the lab's durations, or no waiting at all. */
export type LabSpeed = number | 'instant';

/** Durations at speed 1, in milliseconds. */
export const BASE_DURATIONS_MS = {
  /** An MCollective round trip to a node that answers. */
  rpc: 100,
  /** How long a call waits before it reports a node that does not answer. */
  silence: 2_000,
  /** `puppetsync.rsync` copying Puppet's modules. */
  puppetsync: 1_500,
  /** From `erase_node.reboot_node` until the node goes down (the agent's `sleep 5`, shortened). */
  shutdown: 1_000,
  /** Power-on self test, PXE and kernel boot. */
  boot: 3_000,
  /** The operating system installer. */
  install: 12_000,
  /** A Puppet run on a compute node (a controller's takes `controllerFactor` times longer). */
  puppet: 8_000,
  /** The longest wait of a node's agent after boot before it reports. */
  firstReport: 2_000,
} as const;

/** The lab's durations at one speed. */
export type LabDurations = Record<keyof typeof BASE_DURATIONS_MS, number>;

/** A controller's Puppet run is longer: it installs and configures far more services. */
export const CONTROLLER_FACTOR = 1.75;

/** Reads `FUEL_LAB_SPEED`: a positive number or `instant`; unset is 1. */
export function parseLabSpeed(text: string | undefined): LabSpeed {
  if (text === undefined || text.trim() === '') return 1;
  if (text.trim().toLowerCase() === 'instant') return 'instant';
  const speed = Number(text);
  if (!Number.isFinite(speed) || speed <= 0) {
    throw new RangeError(`FUEL_LAB_SPEED must be a positive number or "instant", not "${text}"`);
  }

  return speed;
}

/** `ms` at speed 1 scaled to `speed`. */
export function scaled(ms: number, speed: LabSpeed): number {
  return speed === 'instant' ? 0 : Math.round(ms / speed);
}

/** Every duration of the lab at `speed`. */
export function labDurations(speed: LabSpeed): LabDurations {
  const entries = Object.entries(BASE_DURATIONS_MS).map(([key, ms]) => [key, scaled(ms, speed)]);
  return Object.fromEntries(entries) as LabDurations;
}
