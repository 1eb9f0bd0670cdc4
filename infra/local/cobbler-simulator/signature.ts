/**
 * Positional signatures of Cobbler's XML-RPC methods. Cobbler dispatches `method(*params)`, so
 * a wrong number of arguments is Python's TypeError, worded as Python words it.
 */
import { pyError } from './faults.js';

/** A method's body: its positional arguments in, the XML-RPC value out. */
export type MethodHandler = (args: readonly unknown[]) => unknown;

/** A callable method: parameter names (optional ones end with `=`) and its body. */
export interface MethodSpec {
  readonly required: readonly string[];
  readonly optional: readonly string[];
  readonly handler: MethodHandler;
}

/** Declares a method from a signature such as `'what name token='`. */
export function method(signature: string, handler: MethodHandler): MethodSpec {
  const names = signature.split(' ').filter((name) => name !== '');
  return {
    required: names.filter((name) => !name.endsWith('=')),
    optional: names.filter((name) => name.endsWith('=')).map((name) => name.slice(0, -1)),
    handler,
  };
}

/** Throws the TypeError Python raises when `args` do not fit the signature of `name`. */
export function checkArguments(name: string, spec: MethodSpec, args: readonly unknown[]): void {
  const missing = spec.required.slice(args.length);
  if (missing.length > 0) {
    const noun = missing.length === 1 ? 'argument' : 'arguments';
    throw pyError(
      'TypeError',
      `${name}() missing ${missing.length} required positional ${noun}: ${listNames(missing)}`,
    );
  }
  const most = spec.required.length + spec.optional.length;
  if (args.length > most) {
    const least = spec.required.length + 1;
    const takes = spec.optional.length === 0 ? `${least}` : `from ${least} to ${most + 1}`;
    const noun = most === 0 ? 'argument' : 'arguments';
    const were = args.length + 1 === 1 ? 'was' : 'were';
    throw pyError(
      'TypeError',
      `${name}() takes ${takes} positional ${noun} but ${args.length + 1} ${were} given`,
    );
  }
}

function listNames(names: readonly string[]): string {
  const quoted = names.map((name) => `'${name}'`);
  if (quoted.length <= 2) return quoted.join(' and ');
  return `${quoted.slice(0, -1).join(', ')}, and ${quoted.at(-1)}`;
}
