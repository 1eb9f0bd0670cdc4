import { availableParallelism, cpus, loadavg } from 'node:os';

/**
 * Prints what the figures were measured on, including the load average: other work on a small
 * machine moves absolute figures a lot, which is why every target compares with a baseline.
 */
export function printMachine(): void {
  const [one, five] = loadavg();
  console.log(
    `\nmachine: ${availableParallelism()} CPUs (${cpus()[0]?.model ?? 'unknown'}), ` +
      `Node ${process.version}, load average ${fixed2(one)} (1 min) ${fixed2(five)} (5 min)`,
  );
}

function fixed2(value: number | undefined): string {
  return value === undefined ? '-' : value.toFixed(2);
}
