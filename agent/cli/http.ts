import { CliError, isAbortError } from './errors.js';
import { EXIT_CODES } from './exit-codes.js';

/** A successful answer of the API: its status and its parsed JSON body. */
export interface ApiAnswer<T> {
  status: number;
  body: T;
}

export interface ApiClientOptions {
  /** Where the server is, e.g. `https://fuel.example.com:8443`; paths are appended to it. */
  baseUrl: string;
  /** The operator token, sent as `X-Auth-Token`. */
  token?: string;
  /** Aborts every request (Ctrl-C). */
  signal?: AbortSignal;
}

/**
 * The CLI's only way to the server: JSON requests with the token, answers parsed, and failures
 * turned into `CliError`s: an error answer exits 1 with the API's message, a server that cannot
 * be reached exits 3.
 */
export class ApiClient {
  readonly baseUrl: string;
  private readonly token: string | undefined;
  private readonly signal: AbortSignal | undefined;

  constructor(options: ApiClientOptions) {
    this.baseUrl = options.baseUrl.replace(/\/+$/, '');
    this.token = options.token;
    this.signal = options.signal;
  }

  /** GET `path` and answer its JSON. */
  async get<T>(path: string): Promise<T> {
    return (await this.send<T>('GET', path)).body;
  }

  /** Sends a request with an optional JSON body; any status from 400 up is an error. */
  async send<T>(method: string, path: string, body?: unknown): Promise<ApiAnswer<T>> {
    const headers: Record<string, string> = { Accept: 'application/json' };
    if (this.token) headers['X-Auth-Token'] = this.token;
    if (body !== undefined) headers['Content-Type'] = 'application/json';
    const res = await this.fetch(path, {
      method,
      headers,
      ...(body === undefined ? {} : { body: JSON.stringify(body) }),
    });
    const text = await res.text();
    const parsed = parseJson(text);
    if (res.status >= 400) throw answerError(res.status, parsed, text, path);

    return { status: res.status, body: parsed as T };
  }

  /** Opens a Server-Sent Events stream; the caller reads and cancels its body. */
  async openStream(path: string, signal: AbortSignal): Promise<ReadableStream<Uint8Array>> {
    // No `Accept: text/event-stream`: the API's negotiation answers 415 to it (fetch sends */*).
    const headers: Record<string, string> = {};
    if (this.token) headers['X-Auth-Token'] = this.token;
    const res = await this.fetch(path, { headers, signal });
    if (res.status >= 400 || !res.body) {
      const text = await res.text();
      throw answerError(res.status, parseJson(text), text, path);
    }

    return res.body;
  }

  private async fetch(path: string, init: RequestInit): Promise<Response> {
    const signal = init.signal ?? this.signal;
    try {
      return await fetch(`${this.baseUrl}${path}`, { ...init, ...(signal ? { signal } : {}) });
    } catch (error) {
      if (isAbortError(error)) throw error;
      throw new CliError(
        `cannot reach the server at ${this.baseUrl}: ${networkReason(error)}`,
        EXIT_CODES.unreachable,
        { cause: error },
      );
    }
  }
}

function parseJson(text: string): unknown {
  if (text === '') return undefined;
  try {
    return JSON.parse(text);
  } catch {
    return undefined;
  }
}

/** The API's message: Nailgun's `message`, Keystone's `error.message`, or the plain text. */
export function apiMessage(body: unknown, text: string): string | undefined {
  if (typeof body === 'object' && body !== null) {
    const { message, error } = body as { message?: unknown; error?: { message?: unknown } };
    if (typeof message === 'string' && message !== '') return message;
    if (typeof error?.message === 'string') return error.message;
  }
  const plain = text.trim();
  return plain !== '' && plain.length < 500 && body === undefined ? plain : undefined;
}

function answerError(status: number, body: unknown, text: string, path: string): CliError {
  const message = apiMessage(body, text) ?? `the server answered ${status} to ${path}`;
  const hint = status === 401 && !path.startsWith('/keystone') ? ' (run `fuel login`)' : '';

  return new CliError(`${message}${hint}`, EXIT_CODES.refused, { status });
}

function networkReason(error: unknown): string {
  const cause = error instanceof Error ? error.cause : undefined;
  if (cause instanceof Error) {
    const code = (cause as { code?: unknown }).code;
    return typeof code === 'string' ? `${code} (${cause.message})` : cause.message;
  }

  return error instanceof Error ? error.message : String(error);
}
