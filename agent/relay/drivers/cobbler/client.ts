/**
 * A promise wrapper over the npm `xmlrpc` client for one Cobbler endpoint: one call at a time
 * per promise, a deadline per call (the package has none), and every failure turned into a
 * named `CobblerError` with secrets (password, tokens) cut out of its message.
 */
import xmlrpc from 'xmlrpc';
import {
  type CobblerError,
  CobblerFault,
  CobblerLoginFailed,
  CobblerProtocolError,
  CobblerTimeout,
  CobblerUnavailable,
} from './errors.js';

/** Where Cobbler listens and how long one call may take. */
export interface CobblerClientOptions {
  /** E.g. `http://10.20.0.2/cobbler_api` or `http://127.0.0.1:25151/`. */
  url: string;
  timeoutMs: number;
}

/** Socket-level failures that mean "Cobbler is not reachable right now". */
const UNREACHABLE_CODES = new Set([
  'ECONNREFUSED',
  'ECONNRESET',
  'EPIPE',
  'EHOSTUNREACH',
  'ENETUNREACH',
  'ENOTFOUND',
  'EAI_AGAIN',
  'ETIMEDOUT',
  'ECONNABORTED',
]);

/** The package's client options (its typings keep the interface private); `signal` passes through. */
type XmlRpcClientOptions = Exclude<Parameters<typeof xmlrpc.createClient>[0], string>;

const MIN_REDACTED_LENGTH = 8;

type XmlRpcError = Error & {
  code?: unknown;
  faultCode?: unknown;
  faultString?: unknown;
  res?: { statusCode?: number };
};

/** Calls Cobbler's XML-RPC methods. */
export class CobblerClient {
  readonly #url: URL;
  readonly #timeoutMs: number;

  constructor(options: CobblerClientOptions) {
    this.#url = new URL(options.url);
    this.#timeoutMs = options.timeoutMs;
  }

  /**
   * Calls `method(...params)`. `secrets` (the password, the token) are replaced by `***` in any
   * error message built from Cobbler's answer.
   */
  call(method: string, params: unknown[], secrets: readonly string[] = []): Promise<unknown> {
    const controller = new AbortController();
    let timedOut = false;
    const timer = setTimeout(() => {
      timedOut = true;
      controller.abort();
    }, this.#timeoutMs);
    return new Promise<unknown>((resolve, reject) => {
      this.#client(controller.signal).methodCall(method, params, (error, value) => {
        clearTimeout(timer);
        if (error === null || error === undefined) resolve(value);
        else if (timedOut) reject(new CobblerTimeout(method, this.#timeoutMs));
        else reject(toCobblerError(method, error as XmlRpcError, secrets, params));
      });
    });
  }

  #client(signal: AbortSignal): xmlrpc.Client {
    const secure = this.#url.protocol === 'https:';
    const options: XmlRpcClientOptions & { signal: AbortSignal } = {
      host: this.#url.hostname,
      port: Number(this.#url.port || (secure ? 443 : 80)),
      path: `${this.#url.pathname}${this.#url.search}`,
      signal,
    };
    return secure ? xmlrpc.createSecureClient(options) : xmlrpc.createClient(options);
  }
}

function toCobblerError(
  method: string,
  error: XmlRpcError,
  secrets: readonly string[],
  params: readonly unknown[],
): CobblerError {
  if (typeof error.faultString === 'string') {
    const faultString = redact(error.faultString, secrets);
    if (method === 'login') return new CobblerLoginFailed(String(params[0]), faultString);
    return new CobblerFault(method, Number(error.faultCode ?? 1), faultString);
  }
  const status = error.res?.statusCode;
  if (status !== undefined && status !== 200) {
    return new CobblerUnavailable(method, `HTTP ${status}`, error);
  }
  if (typeof error.code === 'string' && UNREACHABLE_CODES.has(error.code)) {
    return new CobblerUnavailable(method, error.code, error);
  }
  if (/socket hang up/i.test(error.message)) {
    return new CobblerUnavailable(method, error.message, error);
  }
  return new CobblerProtocolError(method, redact(error.message, secrets), error);
}

/**
 * Cuts secrets out of text Cobbler sent back. Cobbler never echoes a password, but it names a
 * token it refuses; a secret shorter than 8 characters is left alone, as replacing it would
 * mangle ordinary words (the stock password `cobbler` is part of every fault's class name).
 */
function redact(text: string, secrets: readonly string[]): string {
  return secrets
    .filter((secret) => secret.length >= MIN_REDACTED_LENGTH)
    .reduce((out, secret) => out.replaceAll(secret, '***'), text);
}
