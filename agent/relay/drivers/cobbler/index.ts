/** The relay's driver for Cobbler's XML-RPC API. */
export { CobblerClient, type CobblerClientOptions } from './client.js';
export {
  CobblerDriver,
  type CobblerDriverOptions,
  type CobblerVersion,
  type UpsertOptions,
} from './driver.js';
export * from './errors.js';
export {
  type CobblerGeneration,
  type CobblerizedSystem,
  cobblerize,
  fieldName,
  INTERFACE_FIELDS,
  SYSTEM_FIELDS,
} from './fields.js';
export { flattenOptions } from './flatten.js';
export { type CobblerLogFields, type CobblerLogger, noopCobblerLogger } from './logger.js';
export { type CobblerTaskState, TASK_STATES } from './task-status.js';
export * from './types.js';
