/**
 * The simulator's data: saved systems by name, unsaved ones by their `___NEW___` handle, the
 * profiles systems may point at, and the power state of each machine. Handles work as in 3.3.7:
 * `"system::<name>"` addresses the saved object itself (edits apply at once, `save_item` persists
 * them), `"___NEW___system::<random>"` an object that exists only until saved.
 */
import { randomBytes } from 'node:crypto';
import { cx, keyError, pyError } from './faults.js';
import { findSystems } from './find.js';
import type { PyDict } from './python-values.js';
import { type CobblerGeneration, newSystem, type SimSystem } from './system-record.js';

/** Cobbler's collection names; only systems are kept by the simulator. */
export const COLLECTIONS = [
  'distro',
  'profile',
  'system',
  'repo',
  'image',
  'mgmtclass',
  'package',
  'file',
  'menu',
] as const;
export type CollectionName = (typeof COLLECTIONS)[number];

/** The power state of one machine, kept by system name across removal and re-adding. */
export interface MachinePower {
  power: 'on' | 'off';
  reboots: number;
}

/** What a store is created with. */
export interface StoreConfig {
  generation: CobblerGeneration;
  profiles: readonly string[];
  powerTypes: readonly string[];
}

/** Everything the simulated Cobbler knows. */
export class SimulatorStore {
  readonly generation: CobblerGeneration;
  readonly profiles: Set<string>;
  readonly powerTypes: readonly string[];
  readonly systems = new Map<string, SimSystem>();
  readonly machines = new Map<string, MachinePower>();
  /** How many `sync` calls succeeded. */
  syncs = 0;
  readonly #unsaved = new Map<string, SimSystem>();

  constructor(config: StoreConfig) {
    this.generation = config.generation;
    this.profiles = new Set(config.profiles);
    this.powerTypes = config.powerTypes;
  }

  /** `new_item(what)`: a handle to a fresh, unsaved system. */
  create(what: unknown): string {
    requireSystems(what);
    const handle = `___NEW___system::${randomBytes(25).toString('base64')}`;
    this.#unsaved.set(handle, newSystem(this.generation));
    return handle;
  }

  /** `get_item_handle(what, name)`. */
  handleOf(what: unknown, name: unknown): string {
    const found = this.get(what, name);
    if (found === undefined) {
      throw cx(`internal error, unknown ${String(what)} name ${String(name)}`);
    }
    return `${String(what)}::${String(name)}`;
  }

  /** The object behind a handle; undefined for `"system::<missing>"`, as Cobbler's lookup. */
  resolve(handle: unknown): SimSystem | undefined {
    if (typeof handle !== 'string') {
      throw pyError('AttributeError', `'${typeof handle}' object has no attribute 'startswith'`);
    }
    if (handle.startsWith('___NEW___')) {
      const unsaved = this.#unsaved.get(handle);
      if (unsaved === undefined) throw keyError(handle);
      return unsaved;
    }
    const separator = handle.indexOf('::');
    if (separator < 0) {
      throw pyError('ValueError', 'not enough values to unpack (expected 2, got 1)');
    }
    requireSystems(handle.slice(0, separator));
    return this.systems.get(handle.slice(separator + 2));
  }

  /** `save_item`: validates and stores the object under its name. */
  save(handle: unknown, editmode: unknown): void {
    const system = this.resolve(handle);
    if (system === undefined) throw pyError('TypeError', 'Unable to add a None object');
    const name = String(system.fields.name);
    if (name === '') throw cx('Name is required');
    if (system.fields.profile === '' && system.fields.image === '') {
      throw cx(`Error with system ${name} - profile or image is required`);
    }
    if (editmode === 'new' && this.systems.has(name) && this.systems.get(name) !== system) {
      throw cx("An object already exists with that name. Try 'edit'?");
    }
    const now = Date.now() / 1000;
    if (system.fields.ctime === 0) system.fields.ctime = now;
    system.fields.mtime = now;
    this.systems.set(name, system);
    this.#unsaved.delete(String(handle));
  }

  /** `remove_item`: true whether or not the object existed. */
  remove(what: unknown, name: unknown): boolean {
    requireCollection(what);
    if (what === 'system' && typeof name === 'string') this.systems.delete(name);
    return true;
  }

  /** A saved object by collection and name (profiles answer a minimal struct). */
  get(what: unknown, name: unknown): SimSystem | PyDict | undefined {
    requireCollection(what);
    if (typeof name !== 'string') return undefined;
    if (what === 'system') return this.systems.get(name);
    if (what === 'profile' && this.profiles.has(name)) return { name, depth: 1 };
    return undefined;
  }

  /** The names in a collection, in name order. */
  names(what: unknown): string[] {
    requireCollection(what);
    if (what === 'system') return [...this.systems.keys()].sort();
    if (what === 'profile') return [...this.profiles].sort();
    return [];
  }

  /** Saved systems matching find criteria. */
  find(what: unknown, criteria: PyDict): Array<[string, SimSystem]> {
    requireCollection(what);
    return what === 'system' ? findSystems(this.systems, criteria) : [];
  }

  /** Saved systems having an interface whose `field` equals `value`. */
  ownersOf(field: string, value: string): Array<[string, SimSystem]> {
    return [...this.systems.entries()].filter(([, system]) =>
      [...system.interfaces.values()].some((entry) => entry[field] === value),
    );
  }

  /** The power state of the machine behind system `name` (on, until told otherwise). */
  machine(name: string): MachinePower {
    let machine = this.machines.get(name);
    if (machine === undefined) {
      machine = { power: 'on', reboots: 0 };
      this.machines.set(name, machine);
    }
    return machine;
  }
}

function requireCollection(what: unknown): asserts what is CollectionName {
  if (!(COLLECTIONS as readonly unknown[]).includes(what)) {
    throw cx(`internal error, collection name is ${String(what)}`);
  }
}

function requireSystems(what: unknown): void {
  requireCollection(what);
  if (what !== 'system') throw cx(`the simulator keeps systems only, not ${what}`);
}
