/**
 * The method table of the simulated XML-RPC API and its dispatcher. Like Cobbler's
 * `_dispatch`, an unknown method is the fault `unknown remote method '<name>'` and a name
 * starting with `_` is forbidden.
 */
import type { SimContext } from './context.js';
import { cx } from './faults.js';
import { itemReadMethods, itemWriteMethods } from './item-methods.js';
import { checkArguments, type MethodSpec } from './signature.js';
import { sessionMethods, taskMethods } from './task-methods.js';

/** Calls `name(...args)`; resolves with the XML-RPC value or rejects with a SimFault. */
export type Dispatcher = (name: string, args: readonly unknown[]) => Promise<unknown>;

/** Builds the dispatcher over every method the simulator knows. */
export function createDispatcher(context: SimContext): Dispatcher {
  const table = new Map<string, MethodSpec>(
    Object.entries({
      ...itemReadMethods(context),
      ...itemWriteMethods(context),
      ...sessionMethods(context),
      ...taskMethods(context),
    }),
  );
  return async (name, args) => {
    if (name.startsWith('_')) throw cx('forbidden method');
    const spec = table.get(name);
    if (spec === undefined) throw cx(`unknown remote method '${name}'`);
    checkArguments(name, spec, args);
    return spec.handler(args);
  };
}
