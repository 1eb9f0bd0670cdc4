/**
 * Fault injection for tests: answer the next calls of a method with a fault, or never answer
 * them at all (the client then runs into its timeout).
 */
import { cx } from './faults.js';

/** A fault to answer instead of the real result. */
export interface InjectedFault {
  /** Defaults to 1, Cobbler's only fault code. */
  faultCode?: number;
  /** Sent verbatim; defaults to a CX fault built from `message`. */
  faultString?: string;
  /** Wrapped as Cobbler's CX does when no `faultString` is given. */
  message?: string;
  /** How many calls fail; defaults to 1. */
  times?: number;
}

/** What the server does with one call. */
export type Injection =
  | { kind: 'fault'; faultCode: number; faultString: string }
  | { kind: 'hang' };

interface Pending {
  injection: Injection;
  remaining: number;
}

/** Per-method queues of injected behaviour, consumed call by call. */
export class FaultInjector {
  readonly #pending = new Map<string, Pending[]>();

  /** The next `times` calls of `method` answer a fault. */
  failNext(method: string, fault: InjectedFault = {}): void {
    const faultString =
      fault.faultString ?? cx(fault.message ?? `simulated failure of ${method}`).faultString;
    this.#add(
      method,
      { kind: 'fault', faultCode: fault.faultCode ?? 1, faultString },
      fault.times ?? 1,
    );
  }

  /** The next `times` calls of `method` (all of them by default) are never answered. */
  hang(method: string, times = Number.POSITIVE_INFINITY): void {
    this.#add(method, { kind: 'hang' }, times);
  }

  /** Forgets every pending injection. */
  clear(): void {
    this.#pending.clear();
  }

  /** The injection for this call of `method`, if any. */
  take(method: string): Injection | undefined {
    const queue = this.#pending.get(method);
    const head = queue?.[0];
    if (queue === undefined || head === undefined) return undefined;
    head.remaining -= 1;
    if (head.remaining <= 0) queue.shift();
    if (queue.length === 0) this.#pending.delete(method);
    return head.injection;
  }

  #add(method: string, injection: Injection, times: number): void {
    const queue = this.#pending.get(method) ?? [];
    queue.push({ injection, remaining: times });
    this.#pending.set(method, queue);
  }
}
