/**
 * The contracts the cloud side and the relays share: the step messages on a site queue, the
 * answers to them, the progress messages in Astute's format, and the executions' own payloads.
 */

export * from './execution.js';
export * from './progress.js';
export * from './provisioning-system.js';
export * from './step-message.js';
export * from './step-result.js';
export * from './version.js';
