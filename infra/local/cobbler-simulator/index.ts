/** The Cobbler XML-RPC simulator used by tests and the embedded lab. */
export type { EventState, EventStatus } from './events.js';
export { EVENT_STATES } from './events.js';
export type { InjectedFault } from './injection.js';
export type { PowerHook, PowerOperation } from './power.js';
export type {
  CobblerSimulator,
  CobblerSimulatorOptions,
  RecordedCall,
} from './server.js';
export { startCobblerSimulator } from './server.js';
export type { MachinePower, SimulatorStore } from './store.js';
export type { CobblerGeneration, SimSystem } from './system-record.js';
