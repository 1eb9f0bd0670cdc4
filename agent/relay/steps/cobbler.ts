/**
 * The Cobbler steps. Each is safe to run twice: an upsert replaces the system, removal of a
 * missing system succeeds, netboot and sync set a state rather than toggle it.
 */
import type { StepMessageOf } from '../../../statemachines/contracts/index.js';
import type { ProvisioningSystem } from '../drivers/cobbler/index.js';
import type { StepEnvironment, StepRun } from './context.js';

/** What a step reports in `SendTaskSuccess`'s `data`, if anything. */
export type StepData = Record<string, unknown> | undefined;

/**
 * Writes the node's Cobbler system from its provisioning dict, as Astute did: systems of other
 * names holding one of the node's MACs are removed first (a node renamed, or a stale record),
 * then the system is replaced so that no field or interface of an earlier record survives.
 */
export async function upsertSystem(
  message: StepMessageOf<'cobbler.upsert_system'>,
  env: StepEnvironment,
  run: StepRun,
): Promise<StepData> {
  const system = toDriverSystem(message.params.system);
  const macs = Object.values(system.interfaces ?? {})
    .map((nic) => nic.mac_address)
    .filter((mac): mac is string => typeof mac === 'string' && mac !== '');
  const removed = await env.cobbler.removeSystemsByMac(macs);
  const duplicates = removed.filter((name) => name !== system.name);
  if (duplicates.length > 0) {
    run.logger.warn('cobbler duplicates removed', { system: system.name, duplicates });
  }
  await env.cobbler.upsertSystem(system, { replace: true });

  return { system_name: system.name, removed_duplicates: duplicates };
}

/** `sync` of the whole Cobbler (DHCP, DNS and PXE files); retried by the driver. */
export async function sync(
  _message: StepMessageOf<'cobbler.sync'>,
  env: StepEnvironment,
): Promise<StepData> {
  await env.cobbler.sync();

  return undefined;
}

/** Turns network boot of the node's system on or off. */
export async function setNetboot(
  message: StepMessageOf<'cobbler.set_netboot'>,
  env: StepEnvironment,
): Promise<StepData> {
  const { system_name: name, enabled } = message.params;
  await env.cobbler.setNetboot(name, enabled);

  return { system_name: name, netboot_enabled: enabled };
}

/** Removes the node's system; a system already gone is fine. */
export async function removeSystem(
  message: StepMessageOf<'cobbler.remove_system'>,
  env: StepEnvironment,
): Promise<StepData> {
  const removed = await env.cobbler.removeSystem(message.params.system_name);

  return { system_name: message.params.system_name, removed };
}

/** The contract's node dict as the driver takes it (Cobbler has no numeric netboot flag). */
function toDriverSystem(
  system: StepMessageOf<'cobbler.upsert_system'>['params']['system'],
): ProvisioningSystem {
  const { netboot_enabled: netboot, ...rest } = system;
  const converted = typeof netboot === 'number' ? String(netboot) : netboot;

  return converted === undefined ? rest : { ...rest, netboot_enabled: converted };
}
