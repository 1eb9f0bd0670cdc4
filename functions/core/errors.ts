/**
 * Typed failures of the domain. Each carries the HTTP status and the stable `type` Nailgun's
 * clients see; the API maps them to `{"message", "errors"}` bodies in one place.
 */
export interface ErrorOptions {
  cause?: unknown;
  /** Details that go into the `errors` list of the response body. */
  errors?: unknown[];
  /** Nailgun answers a few conflicts as text/plain (with the same JSON body); clients match it. */
  plainText?: boolean;
}

export class FuelError extends Error {
  readonly status: number;
  readonly type: string;
  readonly errors: unknown[];
  readonly plainText: boolean;

  constructor(status: number, type: string, message: string, options: ErrorOptions = {}) {
    super(message, options.cause === undefined ? undefined : { cause: options.cause });
    this.name = new.target.name;
    this.status = status;
    this.type = type;
    this.errors = options.errors ?? [];
    this.plainText = options.plainText ?? false;
  }
}

/** 400: the request is malformed or breaks a rule of the data. */
export class InvalidData extends FuelError {
  constructor(message: string, options?: ErrorOptions) {
    super(400, 'InvalidData', message, options);
  }
}

/** 401: no valid credential. */
export class Unauthorized extends FuelError {
  constructor(message = 'Authentication required', options?: ErrorOptions) {
    super(401, 'Unauthorized', message, options);
  }
}

/** 403: understood, but the current state forbids it. */
export class NotAllowed extends FuelError {
  constructor(message: string, options?: ErrorOptions) {
    super(403, 'NotAllowed', message, options);
  }
}

/** 404: the object does not exist. */
export class NotFound extends FuelError {
  constructor(message: string, options?: ErrorOptions) {
    super(404, 'ObjectNotFound', message, options);
  }
}

/** 405: the route exists, the method does not. */
export class MethodNotAllowed extends FuelError {
  constructor(message = 'Method not allowed', options?: ErrorOptions) {
    super(405, 'MethodNotAllowed', message, options);
  }
}

/** 409: it would duplicate something that exists. */
export class AlreadyExists extends FuelError {
  constructor(message: string, options?: ErrorOptions) {
    super(409, 'AlreadyExists', message, options);
  }
}

/** 415: the client accepts no media type we produce. */
export class UnsupportedMediaType extends FuelError {
  constructor(message: string, options?: ErrorOptions) {
    super(415, 'UnsupportedMediaType', message, options);
  }
}

/** 416: a page past the end of a collection. */
export class RangeNotSatisfiable extends FuelError {
  constructor(message: string, options?: ErrorOptions) {
    super(416, 'RangeNotSatisfiable', message, options);
  }
}

/** Nailgun's 404 text for a missing object: "Node not found", "Cluster not found". */
export function notFound(objectName: string): NotFound {
  return new NotFound(`${objectName} not found`);
}
