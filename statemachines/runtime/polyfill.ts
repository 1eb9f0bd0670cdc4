/**
 * aws-local-stepfunctions 3.0.0 calls `Promise.withResolvers`, which Node 20 lacks (it came in
 * Node 22). Import this module before running a state machine locally; it is a no-op where the
 * method exists.
 */

interface Resolvers<T> {
  promise: Promise<T>;
  resolve: (value: T | PromiseLike<T>) => void;
  reject: (reason?: unknown) => void;
}

// Typed by hand: the project's `lib` (ES2023) does not declare `withResolvers`.
const promiseConstructor = Promise as unknown as { withResolvers?: <T>() => Resolvers<T> };

promiseConstructor.withResolvers ??= <T>(): Resolvers<T> => {
  let resolve!: Resolvers<T>['resolve'];
  let reject!: Resolvers<T>['reject'];
  const promise = new Promise<T>((onResolve, onReject) => {
    resolve = onResolve;
    reject = onReject;
  });

  return { promise, resolve, reject };
};
