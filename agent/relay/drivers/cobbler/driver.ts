/**
 * The relay's Cobbler driver: the operations the provision steps call, each safe to run
 * twice, with the call sequences Astute used (`reference/onprem.md` §4.2) — a fresh `login`
 * before every write call, `has_item` then `get_item_handle` or `new_item`, one `modify_item`
 * per field, one `modify_interface`, `save_item`.
 */
import { CobblerClient } from './client.js';
import {
  CobblerError,
  CobblerFault,
  CobblerPowerFailed,
  CobblerProtocolError,
  CobblerRemoveFailed,
  CobblerSystemNotFound,
  CobblerTimeout,
} from './errors.js';
import { type CobblerGeneration, type CobblerizedSystem, cobblerize, fieldName } from './fields.js';
import { type CobblerLogger, noopCobblerLogger } from './logger.js';
import { sleep, withRetries } from './retry.js';
import { waitForTask } from './task-status.js';
import type { CobblerSystemRecord, PowerAction, ProvisioningSystem } from './types.js';

/** How to reach Cobbler and how patient to be; the defaults are Astute's. */
export interface CobblerDriverOptions {
  url: string;
  username: string;
  password: string;
  /** Deadline of one XML-RPC call; default 120 s. */
  timeoutMs?: number;
  /** Further `sync` attempts after a fault or timeout; default 2. */
  syncRetries?: number;
  /** Pause between `sync` attempts; default 10 s. */
  syncRetryDelayMs?: number;
  /** Attempts to remove a system that stays present; default 3. */
  removeAttempts?: number;
  /** Pause between removal attempts; default 2 s. */
  removeRetryDelayMs?: number;
  /** Pause between `get_task_status` polls; default 5 s. */
  powerPollIntervalMs?: number;
  /** How long a power task may take; default 900 s. */
  powerTimeoutMs?: number;
  logger?: CobblerLogger;
}

/** What `version()` found out. */
export interface CobblerVersion {
  /** As Cobbler answers it, e.g. 3.307 or 2.8. */
  version: number;
  generation: CobblerGeneration;
  /** `autoinstall_meta` on 3.x, `ks_meta` on 2.x. */
  metaField: string;
  /** `autoinstall` on 3.x, `kickstart` on 2.x. */
  templateField: string;
}

/** Options of `upsertSystem`. */
export interface UpsertOptions {
  /** Remove an existing system first, so that no stale field or interface survives. */
  replace?: boolean;
}

const DEFAULTS = {
  timeoutMs: 120_000,
  syncRetries: 2,
  syncRetryDelayMs: 10_000,
  removeAttempts: 3,
  removeRetryDelayMs: 2_000,
  powerPollIntervalMs: 5_000,
  powerTimeoutMs: 900_000,
} as const;

/** How one removal attempt ended. */
type RemovalOutcome = 'absent' | 'removed' | 'present' | 'failed';

type Settings = { -readonly [K in keyof typeof DEFAULTS]: number };

/** Drives one Cobbler server. */
export class CobblerDriver {
  readonly #client: CobblerClient;
  readonly #username: string;
  readonly #password: string;
  readonly #settings: Settings;
  readonly #logger: CobblerLogger;
  #version: Promise<CobblerVersion> | undefined;

  constructor(options: CobblerDriverOptions) {
    const { url, username, password, logger, ...tuning } = options;
    this.#settings = { ...DEFAULTS, ...definedOnly(tuning) };
    this.#client = new CobblerClient({ url, timeoutMs: this.#settings.timeoutMs });
    this.#username = username;
    this.#password = password;
    this.#logger = logger ?? noopCobblerLogger;
  }

  /** Asks Cobbler's version once (3.x when ≥ 3) and with it the field names to write. */
  version(): Promise<CobblerVersion> {
    this.#version ??= this.#detectVersion().catch((error: unknown) => {
      this.#version = undefined;
      throw error;
    });
    return this.#version;
  }

  /** Creates or updates the Cobbler system of a provisioning node dict. */
  async upsertSystem(system: ProvisioningSystem, options: UpsertOptions = {}): Promise<void> {
    const plan = cobblerize(system, (await this.version()).generation);
    if (plan.ignored.length > 0) {
      this.#logger.debug('cobbler fields ignored', { system: plan.name, fields: plan.ignored });
    }
    let exists = await this.#hasSystem(plan.name);
    if (exists && options.replace === true) {
      await this.#write('remove_item', (token) => ['system', plan.name, token, true]);
      exists = false;
    }
    const handle = exists
      ? await this.#writeString('get_item_handle', (token) => ['system', plan.name, token])
      : await this.#writeString('new_item', (token) => ['system', token]);
    await this.#applyFields(handle, plan);
    await this.#write('save_item', (token) => ['system', handle, token]);
    this.#logger.info('cobbler system saved', { system: plan.name, created: !exists });
  }

  /**
   * Removes a system, checking that it is gone and trying again (3 attempts by default).
   * Resolves true when it was removed, false when there was none.
   */
  async removeSystem(name: string): Promise<boolean> {
    const attempts = this.#settings.removeAttempts;
    let requested = false;
    for (let attempt = 1; ; attempt += 1) {
      let outcome: RemovalOutcome;
      try {
        outcome = await this.#removeOnce(name);
      } catch (error) {
        if (!isRetryable(error) || attempt >= attempts) throw error;
        outcome = 'failed';
      }
      if (outcome === 'absent') return requested;
      if (outcome === 'removed') {
        this.#logger.info('cobbler system removed', { system: name });
        return true;
      }
      requested ||= outcome === 'present';
      if (attempt >= attempts) throw new CobblerRemoveFailed(name, attempt);
      this.#logger.warn('cobbler removal retried', { system: name, attempt, outcome });
      await sleep(this.#settings.removeRetryDelayMs);
    }
  }

  /** Removes every system holding one of `macs` (duplicates); resolves with their names. */
  async removeSystemsByMac(macs: readonly string[]): Promise<string[]> {
    const names = new Set<string>();
    for (const mac of macs) {
      const found = await this.#read('find_items', ['system', { mac_address: mac.toLowerCase() }]);
      if (!Array.isArray(found)) throw new CobblerProtocolError('find_items', 'not a list');
      for (const item of found) {
        if (isRecord(item) && typeof item.name === 'string') names.add(item.name);
      }
    }
    for (const name of names) await this.removeSystem(name);
    return [...names];
  }

  /** `sync`, tried again after a fault or a timeout (twice, 10 s apart, by default). */
  async sync(): Promise<void> {
    await withRetries(() => this.#write('sync', (token) => [token]), {
      retries: this.#settings.syncRetries,
      delayMs: this.#settings.syncRetryDelayMs,
      shouldRetry: (error) => error instanceof CobblerFault || error instanceof CobblerTimeout,
      onRetry: (error, attempt) =>
        this.#logger.warn('cobbler sync failed, retrying', { attempt, error: messageOf(error) }),
    });
    this.#logger.info('cobbler synced');
  }

  /** Turns network boot of a system on or off. */
  async setNetboot(name: string, enabled: boolean): Promise<void> {
    if (!(await this.#hasSystem(name))) throw new CobblerSystemNotFound(name, 'setNetboot');
    const handle = await this.#writeString('get_item_handle', (token) => ['system', name, token]);
    await this.#write('modify_system', (token) => [handle, 'netboot_enabled', enabled, token]);
    await this.#write('save_system', (token) => [handle, token, 'edit']);
    this.#logger.info('cobbler netboot set', { system: name, netboot_enabled: enabled });
  }

  /**
   * Runs a power action as a Cobbler task and waits for it to end. Cobbler ends the task
   * `complete` even when one system's fence agent failed (it only logs that); `failed` means
   * the task itself broke and becomes `CobblerPowerFailed`.
   */
  async power(names: readonly string[], action: PowerAction): Promise<{ eventId: string }> {
    const systems = [...names];
    const eventId = await this.#writeString('background_power_system', (token) => [
      { systems, power: action },
      token,
    ]);
    this.#logger.info('cobbler power task started', { systems, action, event_id: eventId });
    const state = await waitForTask(this.#client, eventId, {
      intervalMs: this.#settings.powerPollIntervalMs,
      timeoutMs: this.#settings.powerTimeoutMs,
      logger: this.#logger,
    });
    if (state === 'failed') throw new CobblerPowerFailed(action, systems, eventId);
    this.#logger.info('cobbler power task complete', { systems, action, event_id: eventId });
    return { eventId };
  }

  /** The system as Cobbler stores it, or undefined when there is none. */
  async getSystem(name: string): Promise<CobblerSystemRecord | undefined> {
    const found = await this.#read('get_system', [name]);
    if (found === '~') return undefined;
    if (!isRecord(found) || typeof found.name !== 'string') {
      throw new CobblerProtocolError('get_system', 'not a system struct');
    }
    return found as CobblerSystemRecord;
  }

  async #detectVersion(): Promise<CobblerVersion> {
    const version = await this.#read('version', []);
    if (typeof version !== 'number') throw new CobblerProtocolError('version', 'not a number');
    const generation: CobblerGeneration = version >= 3 ? 3 : 2;
    const detected = {
      version,
      generation,
      metaField: fieldName('ks_meta', generation),
      templateField: fieldName('kickstart', generation),
    };
    this.#logger.debug('cobbler version detected', {
      version,
      generation,
      meta_field: detected.metaField,
    });
    return detected;
  }

  async #applyFields(handle: string, plan: CobblerizedSystem): Promise<void> {
    await this.#write('modify_item', (token) => ['system', handle, 'name', plan.name, token]);
    for (const [field, value] of plan.fields) {
      const accepted = await this.#write('modify_item', (token) => [
        'system',
        handle,
        field,
        value,
        token,
      ]);
      if (accepted === false) {
        this.#logger.warn('cobbler field skipped', { system: plan.name, field });
      }
    }
    if (Object.keys(plan.interfaces).length === 0) return;
    await this.#write('modify_system', (token) => [
      handle,
      'modify_interface',
      plan.interfaces,
      token,
    ]);
  }

  /** One removal attempt: `has_item`, `remove_item`, `has_item` again. */
  async #removeOnce(name: string): Promise<RemovalOutcome> {
    if (!(await this.#hasSystem(name))) return 'absent';
    await this.#write('remove_item', (token) => ['system', name, token, true]);
    return (await this.#hasSystem(name)) ? 'present' : 'removed';
  }

  async #hasSystem(name: string): Promise<boolean> {
    return (await this.#read('has_item', ['system', name])) === true;
  }

  #read(method: string, params: unknown[]): Promise<unknown> {
    return this.#client.call(method, params, [this.#password]);
  }

  /** A write call, with a token from a fresh `login` (as Astute did for every write). */
  async #write(method: string, params: (token: string) => unknown[]): Promise<unknown> {
    const token = await this.#client.call(
      'login',
      [this.#username, this.#password],
      [this.#password],
    );
    if (typeof token !== 'string') {
      throw new CobblerProtocolError('login', 'the token is no string');
    }
    return this.#client.call(method, params(token), [token, this.#password]);
  }

  async #writeString(method: string, params: (token: string) => unknown[]): Promise<string> {
    const value = await this.#write(method, params);
    if (typeof value !== 'string') throw new CobblerProtocolError(method, 'not a string');
    return value;
  }
}

function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

function isRetryable(error: unknown): boolean {
  return error instanceof CobblerError && error.retryable;
}

function messageOf(error: unknown): string {
  return error instanceof Error ? error.message : String(error);
}

function definedOnly<T extends object>(values: T): Partial<T> {
  return Object.fromEntries(
    Object.entries(values).filter(([, v]) => v !== undefined),
  ) as Partial<T>;
}
