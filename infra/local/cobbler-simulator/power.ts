/**
 * Power management as Cobbler runs it through fence agents, with the machine replaced by a
 * per-system power state. A reboot is off then on and is counted; the `onPower` hook lets a
 * simulated lab react (e.g. boot the node again). Power types are the installed fence agents.
 */
import { cx, pyError } from './faults.js';
import type { SimulatorStore } from './store.js';
import type { SimSystem } from './system-record.js';

/** The operations `power_system` accepts. */
export const POWER_OPERATIONS = ['on', 'off', 'reboot', 'status'] as const;
export type PowerOperation = (typeof POWER_OPERATIONS)[number];

/** Called after a power action changed a machine (not for `status`). */
export type PowerHook = (name: string, action: Exclude<PowerOperation, 'status'>) => unknown;

/**
 * `api.power_system(system, operation)`: for `status` whether the machine is on, otherwise true
 * once the action is done.
 */
export async function powerSystem(
  store: SimulatorStore,
  system: SimSystem | undefined,
  operation: unknown,
  hook: PowerHook | undefined,
): Promise<boolean> {
  if (system === undefined) {
    throw pyError('AttributeError', "'NoneType' object has no attribute 'power_type'");
  }
  const powerType = system.fields.power_type;
  if (typeof powerType !== 'string' || !store.powerTypes.includes(powerType)) {
    throw cx('no power type set for system');
  }
  if (!isOperation(operation)) {
    throw cx(`invalid power operation '${String(operation)}', expected on/off/status/reboot`);
  }
  const name = String(system.fields.name);
  const machine = store.machine(name);
  if (operation === 'status') return machine.power === 'on';
  machine.power = operation === 'off' ? 'off' : 'on';
  if (operation === 'reboot') machine.reboots += 1;
  await hook?.(name, operation);
  return true;
}

/**
 * The body of a `background_power_system` task: each system in turn; a failure is only logged
 * and the task still completes, as in 3.3.7.
 */
export async function powerSystems(
  store: SimulatorStore,
  names: readonly unknown[],
  operation: unknown,
  hook: PowerHook | undefined,
  log: (line: string) => void,
): Promise<boolean> {
  for (const name of names) {
    try {
      const system = store.systems.get(String(name));
      if (system === undefined) throw cx(`internal error, unknown system name ${String(name)}`);
      await powerSystem(store, system, operation, hook);
    } catch (error) {
      // Cobbler logs str(exception), which is the fault string without its class prefix.
      const reason = (error instanceof Error ? error.message : String(error)).replace(
        /^<class '[^']*'>:/,
        '',
      );
      log(`failed to execute power task on ${String(name)}, exception: ${reason}`);
    }
  }
  return true;
}

function isOperation(value: unknown): value is PowerOperation {
  return (POWER_OPERATIONS as readonly unknown[]).includes(value);
}
