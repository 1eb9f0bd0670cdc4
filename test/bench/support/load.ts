import { type CaseFigures, summarize } from './stats.js';

/** What one stretch of load recorded. */
export interface LoadSample {
  /** Milliseconds each request took, from sending to the end of its answer. */
  latencies: number[];
  elapsedMs: number;
}

/**
 * Sends `total` requests with at most `concurrency` in flight, each client taking the next
 * index as soon as its previous request ended (a closed loop, as agents and operators behave).
 * `send` must throw on an unexpected answer: a benchmark of failing requests measures nothing.
 */
export async function runLoad(
  total: number,
  concurrency: number,
  send: (index: number) => Promise<void>,
): Promise<LoadSample> {
  const latencies: number[] = [];
  let next = 0;
  const client = async () => {
    for (let index = next++; index < total; index = next++) {
      const started = performance.now();
      await send(index);
      latencies.push(performance.now() - started);
    }
  };
  const started = performance.now();
  await Promise.all(Array.from({ length: Math.min(concurrency, total) }, client));

  return { latencies, elapsedMs: performance.now() - started };
}

/**
 * Runs the cases in turn, `rounds` times over (case A, B, C, then A, B, C again...), and sums
 * each case's samples. Interleaving makes a case and its baseline share whatever else the
 * machine was doing meanwhile, instead of one of them catching a busy minute alone.
 */
export async function interleave<K extends string>(
  rounds: number,
  cases: Record<K, (round: number) => Promise<LoadSample>>,
): Promise<Record<K, CaseFigures>> {
  const names = Object.keys(cases) as K[];
  const samples = new Map<K, LoadSample[]>(names.map((name) => [name, []]));
  for (let round = 0; round < rounds; round++) {
    for (const name of names) samples.get(name)?.push(await cases[name](round));
  }

  return Object.fromEntries(
    names.map((name) => {
      const list = samples.get(name) ?? [];
      const elapsed = list.reduce((sum, s) => sum + s.elapsedMs, 0);
      return [
        name,
        summarize(
          list.flatMap((s) => s.latencies),
          elapsed,
        ),
      ];
    }),
  ) as Record<K, CaseFigures>;
}
