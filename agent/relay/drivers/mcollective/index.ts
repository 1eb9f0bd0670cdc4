/** The relay's driver for MCollective, through the Ruby bridge. */
export { BRIDGE_SCRIPT, BridgeClient, type BridgeClientOptions } from './bridge-client.js';
export { BridgePool } from './bridge-pool.js';
export { type CreateMcoDriverOptions, createMcoDriver } from './create-driver.js';
export {
  ASTUTE_RETRIES,
  ASTUTE_RETRY_DELAY_MS,
  MCO_STATUS,
  McoDriver,
  type McoDriverOptions,
  type McoStatusCode,
  type RpcRequest,
  type RpcResult,
} from './driver.js';
export * from './errors.js';
export { type McoLogFields, type McoLogger, noopMcoLogger } from './logger.js';
export * from './node-ops.js';
export type { BridgeRequest, BridgeResult, McoReply, McoTransport } from './protocol.js';
