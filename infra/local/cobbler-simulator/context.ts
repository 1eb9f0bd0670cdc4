/**
 * What the method handlers share: the data, the tokens, the events, the advertised version and
 * the hooks a test or the embedded lab installs.
 */
import type { EventStore } from './events.js';
import type { PowerHook } from './power.js';
import type { SimulatorStore } from './store.js';
import type { AttributeContext } from './system-attributes.js';
import type { TokenStore } from './tokens.js';

/** Hooks the simulator calls out to. */
export interface SimulatorHooks {
  onPower?: PowerHook | undefined;
}

/** The state every handler works on. */
export interface SimContext {
  readonly store: SimulatorStore;
  readonly tokens: TokenStore;
  readonly events: EventStore;
  /** What `version()` answers, e.g. 3.307 or 2.8. */
  readonly version: number;
  readonly hooks: SimulatorHooks;
}

/** The attribute setters' view of the context. */
export function attributeContext(context: SimContext): AttributeContext {
  const { store } = context;
  return { generation: store.generation, profiles: store.profiles, powerTypes: store.powerTypes };
}
