/**
 * Session and task methods: `version`, `login` and tokens, `sync`, the background tasks
 * (`background_sync`, `background_power_system`) with their events, and `power_system`.
 */
import type { SimContext } from './context.js';
import { pyError } from './faults.js';
import { powerSystem, powerSystems } from './power.js';
import { isPyDict, pyTypeName } from './python-values.js';
import { type MethodSpec, method } from './signature.js';

/** Version, login and token methods, by name. */
export function sessionMethods(context: SimContext): Record<string, MethodSpec> {
  const { tokens } = context;
  return {
    version: method('token=', () => context.version),
    extended_version: method('token=', () => extendedVersion(context.version)),
    login: method('login_user login_password', ([user, password]) => tokens.login(user, password)),
    logout: method('token', ([token]) => tokens.logout(token)),
    token_check: method('token', ([token]) => tokens.isValid(token)),
    check: method('token', ([token]) => {
      tokens.userOf(token);
      return [];
    }),
    ping: method('', () => true),
  };
}

/** Sync, power and event methods, by name. */
export function taskMethods(context: SimContext): Record<string, MethodSpec> {
  const { store, tokens, events } = context;
  return {
    sync: method('token', ([token]) => {
      tokens.userOf(token);
      store.syncs += 1;
      return true;
    }),
    background_sync: method('options token', ([options, token]) => {
      tokens.userOf(token);
      requireOptions(options, 'assignment');
      return events.start('Sync', async () => {
        store.syncs += 1;
        return true;
      });
    }),
    power_system: method('system_id power token', async ([id, power, token]) => {
      const system = store.resolve(id);
      tokens.userOf(token);
      return powerSystem(store, system, power, context.hooks.onPower);
    }),
    background_power_system: method('options token', ([options, token]) => {
      tokens.userOf(token);
      const settings = requireOptions(options, 'get');
      const names = Array.isArray(settings.systems) ? settings.systems : [];
      const power = settings.power ?? '';
      return events.start(`Power management (${String(power)})`, (log) =>
        powerSystems(store, names, power, context.hooks.onPower, log),
      );
    }),
    get_task_status: method('event_id', ([id]) => events.status(id)),
    get_events: method('for_user=', ([forUser]) => events.unread(forUser ?? '')),
    get_event_log: method('event_id', ([id]) => events.logOf(id)),
  };
}

/** `extended_version()`: 3.307 → `{version: "3.3.7", version_tuple: [3, 3, 7], ...}`. */
function extendedVersion(version: number): Record<string, unknown> {
  const major = Math.floor(version);
  const rest = Math.round((version - major) * 1000);
  const tuple = [major, Math.floor(rest / 100), rest % 100];
  return {
    gitdate: '?',
    gitstamp: '?',
    builddate: new Date(0).toUTCString(),
    version: tuple.join('.'),
    version_tuple: tuple,
  };
}

function requireOptions(options: unknown, use: 'get' | 'assignment'): Record<string, unknown> {
  if (isPyDict(options)) return options;
  const type = pyTypeName(options).replace(/^<class '(.*)'>$/, '$1');
  if (use === 'get') throw pyError('AttributeError', `'${type}' object has no attribute 'get'`);
  throw pyError('TypeError', `'${type}' object does not support item assignment`);
}
