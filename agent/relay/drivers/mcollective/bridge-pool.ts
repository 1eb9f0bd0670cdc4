/**
 * Several bridges side by side: one MCollective client handles one request at a time, so a
 * call that waits for a silent node would hold up every other call behind it. The pool sends
 * each call to the bridge with the fewest calls waiting.
 */
import { BridgeClient, type BridgeClientOptions } from './bridge-client.js';
import type { BridgeRequest, BridgeResult, McoTransport } from './protocol.js';

/** A fixed set of bridge clients sharing one configuration. */
export class BridgePool implements McoTransport {
  readonly #clients: BridgeClient[];

  constructor(size: number, options: BridgeClientOptions) {
    if (!Number.isInteger(size) || size < 1) throw new RangeError('pool size must be >= 1');
    this.#clients = Array.from({ length: size }, () => new BridgeClient(options));
  }

  /** The pooled clients (for inspection in tests). */
  get clients(): readonly BridgeClient[] {
    return this.#clients;
  }

  call(request: BridgeRequest): Promise<BridgeResult> {
    const idlest = this.#clients.reduce((best, client) =>
      client.pending < best.pending ? client : best,
    );
    return idlest.call(request);
  }

  async close(): Promise<void> {
    await Promise.all(this.#clients.map((client) => client.close()));
  }
}
