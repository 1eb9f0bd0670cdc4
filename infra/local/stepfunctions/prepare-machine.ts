import './polyfill.js';
import { StateMachine, type StateMachineDefinition } from 'aws-local-stepfunctions';
import type { PreparedMachine } from './execution-run.js';
import { prepareDefinition } from './prepare-definition.js';
import { allStates, isObject } from './states.js';
import { substitutePlaceholders } from './substitute.js';
import { findTaskStates } from './task-states.js';

/** How a definition is prepared for local runs. */
export interface PrepareOptions {
  substitutions: Record<string, string>;
  /** Milliseconds every `Retry` waits, instead of its IntervalSeconds and backoff. */
  retryDelayMs?: number;
  /** Milliseconds every Wait state waits, instead of its own duration. */
  waitDelayMs?: number;
}

/** Prepared machines by content: the library's validation takes ~0.3 s per definition. */
const cache = new Map<string, PreparedMachine>();
const CACHE_SIZE = 64;

/**
 * Turns an ASL definition (as deployed, with `${...}` placeholders) into a machine the library
 * runs, validated once here rather than at every start. The result is shared by every executor
 * given the same definition and options; it holds no state of a run.
 */
export function prepareMachine(
  name: string,
  definition: object,
  options: PrepareOptions,
): PreparedMachine {
  const key = JSON.stringify([name, definition, options]);
  const cached = cache.get(key);
  if (cached) return cached;
  const prepared = buildMachine(name, definition, options);
  if (cache.size >= CACHE_SIZE) cache.clear();
  cache.set(key, prepared);

  return prepared;
}

function buildMachine(name: string, definition: object, options: PrepareOptions): PreparedMachine {
  const substituted = substitutePlaceholders(definition, options.substitutions);
  if (!isObject(substituted)) throw new Error(`Definition of ${name} is not an object`);
  const ready = prepareDefinition(substituted);
  const states = allStates(ready);

  return {
    name,
    machine: new StateMachine(ready as unknown as StateMachineDefinition),
    tasks: findTaskStates(ready),
    overrides: {
      ...(options.retryDelayMs === undefined
        ? {}
        : { retryIntervalOverrides: delays(states, 'Retry', options.retryDelayMs) }),
      ...(options.waitDelayMs === undefined
        ? {}
        : { waitTimeOverrides: delays(states, 'Wait', options.waitDelayMs) }),
    },
  };
}

function delays(
  states: ReturnType<typeof allStates>,
  which: 'Retry' | 'Wait',
  ms: number,
): Record<string, number> {
  const chosen = states.filter(({ state }) =>
    which === 'Retry' ? Array.isArray(state.Retry) : state.Type === 'Wait',
  );

  return Object.fromEntries(chosen.map(({ name }) => [name, ms]));
}
