/** Wiring for the relay: a driver over one bridge, or over a pool of them. */
import { BridgeClient, type BridgeClientOptions } from './bridge-client.js';
import { BridgePool } from './bridge-pool.js';
import { McoDriver } from './driver.js';

/** Bridge settings plus the driver's retry policy. */
export interface CreateMcoDriverOptions extends BridgeClientOptions {
  /** Bridges side by side (default 1); more let slow calls run beside quick ones. */
  poolSize?: number;
  retries?: number;
  retryDelayMs?: number;
}

/** Builds a driver whose calls go through `mco-bridge.rb` processes. */
export function createMcoDriver(options: CreateMcoDriverOptions): McoDriver {
  const { poolSize = 1, retries, retryDelayMs, ...bridge } = options;
  const transport = poolSize === 1 ? new BridgeClient(bridge) : new BridgePool(poolSize, bridge);
  return new McoDriver({ transport, retries, retryDelayMs, logger: options.logger });
}
