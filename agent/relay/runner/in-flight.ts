/** The steps a relay works on, bounded: the poll loop waits for a free slot before receiving. */
export class InFlight {
  readonly #running = new Set<Promise<void>>();
  readonly #limit: number;
  #freed: (() => void) | undefined;

  constructor(limit: number) {
    this.#limit = limit;
  }

  /** Steps received and not yet concluded. */
  get size(): number {
    return this.#running.size;
  }

  /** How many more steps may start now. */
  get free(): number {
    return this.#limit - this.#running.size;
  }

  /** Counts `work` until it settles. */
  track(work: Promise<void>): void {
    this.#running.add(work);
    void work.finally(() => {
      this.#running.delete(work);
      this.wake();
    });
  }

  /** Resolves when a step concludes, or on `wake()`. */
  waitForSlot(): Promise<void> {
    return new Promise((resolve) => {
      this.#freed = resolve;
    });
  }

  /** Releases a `waitForSlot` (a step concluded, or the loop stops). */
  wake(): void {
    const freed = this.#freed;
    this.#freed = undefined;
    freed?.();
  }

  /** Resolves once every step tracked now has settled. */
  async settled(): Promise<void> {
    await Promise.allSettled([...this.#running]);
  }
}
