import { mkdir, readFile, rename, writeFile } from 'node:fs/promises';
import { homedir } from 'node:os';
import { dirname, join } from 'node:path';
import { CliError, usageError } from './errors.js';
import { EXIT_CODES } from './exit-codes.js';
import { ApiClient } from './http.js';
import type { CliIo } from './io.js';

/** Where `fuel login` keeps the server and the token between commands. */
export interface SavedSession {
  url: string;
  user: string;
  token: string;
  /** ISO 8601, as Keystone answers `access.token.expires`. */
  expires: string;
}

/** What `POST /keystone/v2.0/tokens` answers (the parts the CLI reads). */
export interface TokenAnswer {
  access: { token: { id: string; expires: string } };
}

export const DEFAULT_URL = 'http://127.0.0.1:8000';

/** A token this close to its expiry is not used: a long watch would fail halfway. */
const EXPIRY_MARGIN_MS = 60_000;

/** `$FUEL_CLI_CONFIG`, else `$XDG_CONFIG_HOME/fuel-serverless/cli.json`, else under `~/.config`. */
export function configPath(env: CliIo['env']): string {
  if (env.FUEL_CLI_CONFIG) return env.FUEL_CLI_CONFIG;
  const base = env.XDG_CONFIG_HOME || join(env.HOME || homedir(), '.config');

  return join(base, 'fuel-serverless', 'cli.json');
}

/** The saved session, or undefined when there is none (or it cannot be read). */
export async function readSession(env: CliIo['env']): Promise<SavedSession | undefined> {
  let text: string;
  try {
    text = await readFile(configPath(env), 'utf8');
  } catch {
    return undefined;
  }
  try {
    const saved = JSON.parse(text) as Partial<SavedSession>;
    const fields = [saved.url, saved.user, saved.token, saved.expires];
    return fields.every((f) => typeof f === 'string') ? (saved as SavedSession) : undefined;
  } catch {
    return undefined;
  }
}

/** Saves the session readable by its owner only (the token is a credential). */
export async function writeSession(env: CliIo['env'], session: SavedSession): Promise<void> {
  const path = configPath(env);
  await mkdir(dirname(path), { recursive: true, mode: 0o700 });
  // A fresh file renamed into place: created 0600 and never seen half-written.
  const temporary = `${path}.${process.pid}.tmp`;
  await writeFile(temporary, `${JSON.stringify(session, null, 2)}\n`, { mode: 0o600 });
  await rename(temporary, path);
}

/** `http://host:port` from what the operator typed: a scheme is required, a path dropped. */
export function normaliseUrl(text: string): string {
  let url: URL;
  try {
    url = new URL(text);
  } catch {
    throw usageError(`'${text}' is not a URL (e.g. https://10.20.0.2:8443)`);
  }
  if (url.protocol !== 'http:' && url.protocol !== 'https:') {
    throw usageError(`'${text}' is not an http or https URL`);
  }

  return url.origin;
}

/** The server to talk to: `FUEL_URL`, else the saved session's, else the local default. */
export function serverUrl(env: CliIo['env'], saved: SavedSession | undefined): string {
  return normaliseUrl(env.FUEL_URL || saved?.url || DEFAULT_URL);
}

/** Asks the server for a token; a refused password exits 1 with the API's message. */
export async function requestToken(
  url: string,
  user: string,
  password: string,
  signal?: AbortSignal,
): Promise<{ session: SavedSession; answer: TokenAnswer }> {
  const client = new ApiClient({ baseUrl: url, ...(signal ? { signal } : {}) });
  const { body } = await client.send<TokenAnswer>('POST', '/keystone/v2.0/tokens', {
    auth: { passwordCredentials: { username: user, password } },
  });
  const token = body?.access?.token;
  if (typeof token?.id !== 'string') {
    throw new CliError(`${url} answered no token: is it a Fuel server?`, EXIT_CODES.refused);
  }

  return { session: { url, user, token: token.id, expires: token.expires }, answer: body };
}

/**
 * A client for the current server with a valid token: the saved one, or a fresh one when
 * `FUEL_PASSWORD` is set (saved for the next commands). Otherwise it asks for `fuel login`.
 */
export async function openClient(io: CliIo): Promise<ApiClient> {
  const saved = await readSession(io.env);
  const url = serverUrl(io.env, saved);
  const signal = io.signal ? { signal: io.signal } : {};
  if (saved && saved.url === url && isFresh(saved)) {
    return new ApiClient({ baseUrl: url, token: saved.token, ...signal });
  }
  if (io.env.FUEL_PASSWORD) {
    const user = io.env.FUEL_USER || 'admin';
    const { session } = await requestToken(url, user, io.env.FUEL_PASSWORD, io.signal);
    await writeSession(io.env, session);
    return new ApiClient({ baseUrl: url, token: session.token, ...signal });
  }
  const why =
    saved && saved.url === url ? `the session expired at ${saved.expires}` : 'not logged in';

  throw new CliError(`${why} to ${url}: run \`fuel login\``, EXIT_CODES.refused);
}

function isFresh(session: SavedSession): boolean {
  const expires = Date.parse(session.expires);
  return Number.isFinite(expires) && expires - EXPIRY_MARGIN_MS > Date.now();
}
