/**
 * Named failures of the Cobbler driver. Every one extends `CobblerError`, keeps its `cause`
 * and says whether trying again later may succeed (`retryable`): the relay's state machine
 * retries the retryable ones by name and records the others as the step's terminal failure.
 * No message ever carries a password or a token.
 */

/** Names of the errors a caller may retry (for a state machine's `Retry.ErrorEquals`). */
export const RETRYABLE_COBBLER_ERRORS = [
  'CobblerUnavailable',
  'CobblerTimeout',
  'CobblerRemoveFailed',
] as const;
export type RetryableCobblerError = (typeof RETRYABLE_COBBLER_ERRORS)[number];

/** What every Cobbler error may carry besides its message. */
export interface CobblerErrorOptions {
  /** The XML-RPC method (or driver operation) that failed. */
  method?: string;
  cause?: unknown;
}

/** Base of the driver's errors. */
export class CobblerError extends Error {
  readonly retryable: boolean;
  readonly method: string | undefined;

  constructor(message: string, retryable: boolean, options: CobblerErrorOptions = {}) {
    super(message, options.cause === undefined ? undefined : { cause: options.cause });
    this.name = new.target.name;
    this.retryable = retryable;
    this.method = options.method;
  }
}

/** Cobbler answered an XML-RPC fault (its message is in `faultString`). */
export class CobblerFault extends CobblerError {
  readonly faultCode: number;
  readonly faultString: string;

  constructor(method: string, faultCode: number, faultString: string) {
    super(`Cobbler ${method} failed: ${faultString}`, false, { method });
    this.faultCode = faultCode;
    this.faultString = faultString;
  }
}

/** `login` was refused: wrong user or password. */
export class CobblerLoginFailed extends CobblerError {
  readonly faultString: string;

  constructor(username: string, faultString: string) {
    super(`Cobbler refused the login of user ${username}: ${faultString}`, false, {
      method: 'login',
    });
    this.faultString = faultString;
  }
}

/** Cobbler could not be reached (refused, reset, HTTP error): try again later. */
export class CobblerUnavailable extends CobblerError {
  constructor(method: string, reason: string, cause?: unknown) {
    super(`Cobbler is unavailable (${method}): ${reason}`, true, { method, cause });
  }
}

/** No answer within the time allowed: try again later. */
export class CobblerTimeout extends CobblerError {
  readonly timeoutMs: number;

  constructor(method: string, timeoutMs: number, what = 'no answer') {
    super(`Cobbler ${method}: ${what} within ${timeoutMs} ms`, true, { method });
    this.timeoutMs = timeoutMs;
  }
}

/** Cobbler answered something that is not a valid XML-RPC answer of the expected shape. */
export class CobblerProtocolError extends CobblerError {
  constructor(method: string, reason: string, cause?: unknown) {
    super(`Cobbler ${method} gave an unexpected answer: ${reason}`, false, { method, cause });
  }
}

/** A power task ended `failed`. */
export class CobblerPowerFailed extends CobblerError {
  readonly eventId: string;
  readonly systems: readonly string[];

  constructor(action: string, systems: readonly string[], eventId: string) {
    super(`Cobbler power ${action} of ${systems.join(', ')} failed (event ${eventId})`, false, {
      method: 'background_power_system',
    });
    this.eventId = eventId;
    this.systems = systems;
  }
}

/** The system an operation needs does not exist in Cobbler. */
export class CobblerSystemNotFound extends CobblerError {
  readonly system: string;

  constructor(system: string, method: string) {
    super(`System ${system} not found.`, false, { method });
    this.system = system;
  }
}

/** A system was still present after every removal attempt. */
export class CobblerRemoveFailed extends CobblerError {
  readonly system: string;

  constructor(system: string, attempts: number) {
    super(`Cobbler system ${system} is still present after ${attempts} removal attempts`, true, {
      method: 'remove_item',
    });
    this.system = system;
  }
}

/** The node data cannot be turned into a Cobbler system (e.g. one field given twice). */
export class CobblerInvalidSystem extends CobblerError {
  constructor(message: string) {
    super(message, false, { method: 'upsertSystem' });
  }
}
