import { setFlagsFromString } from 'node:v8';
import { runInNewContext } from 'node:vm';
import { Worker } from 'node:worker_threads';

/** Growth of memory over what the process held before the work, in MiB. */
export interface MemoryPeak {
  heapUsedMb: number;
  rssMb: number;
  /** The resident set at its peak, growth and all. */
  rssTotalMb: number;
}

const MIB = 1024 * 1024;

/** A full garbage collection, with `--expose-gc` or without (V8 flag set at run time). */
export function collectGarbage(): void {
  const exposed = (globalThis as { gc?: () => void }).gc;
  if (exposed) {
    exposed();
    return;
  }
  setFlagsFromString('--expose-gc');
  (runInNewContext('gc') as () => void)();
}

/**
 * Reads the process's resident set every millisecond from its own thread, so the peak is seen
 * even while the main thread is busy computing (its own timers would not fire then).
 */
const SAMPLER = `
const { parentPort } = require('node:worker_threads');
let peak = 0;
let timer;
const sample = () => { peak = Math.max(peak, process.memoryUsage.rss()); };
parentPort.on('message', (command) => {
  if (command === 'start') {
    peak = 0;
    sample();
    timer = setInterval(sample, 1);
    parentPort.postMessage(0);
  } else {
    clearInterval(timer);
    sample();
    parentPort.postMessage(peak);
  }
});`;

/** Measures peaks of memory growth during async work; create once, reuse, then `close`. */
export class PeakMemory {
  readonly #worker = new Worker(SAMPLER, { eval: true });

  /** Runs `work` after a full collection and answers its result and the peaks it reached. */
  async measure<T>(work: () => Promise<T>): Promise<{ result: T; peak: MemoryPeak }> {
    collectGarbage();
    const before = process.memoryUsage();
    let heapPeak = before.heapUsed;
    const sampleHeap = () => {
      heapPeak = Math.max(heapPeak, process.memoryUsage().heapUsed);
    };
    await this.#ask('start');
    // Samples only between the work's awaits: the main thread cannot look while it computes.
    const timer = setInterval(sampleHeap, 2);
    try {
      const result = await work();
      sampleHeap();
      const rssPeak = await this.#ask('stop');
      return {
        result,
        peak: {
          heapUsedMb: (heapPeak - before.heapUsed) / MIB,
          rssMb: Math.max(0, rssPeak - before.rss) / MIB,
          rssTotalMb: rssPeak / MIB,
        },
      };
    } finally {
      clearInterval(timer);
    }
  }

  close(): Promise<number> {
    return this.#worker.terminate();
  }

  #ask(command: 'start' | 'stop'): Promise<number> {
    return new Promise((resolve) => {
      this.#worker.once('message', (value: number) => resolve(value));
      this.#worker.postMessage(command);
    });
  }
}
