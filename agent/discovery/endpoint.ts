import { lookup } from 'node:dns/promises';
import { isIPv4 } from 'node:net';
import { AgentError } from './errors.js';
import { httpRequest } from './http.js';

/** nginx on the master: HTTPS on 8443, and plain HTTP on 8000 for older masters. */
export const API_PORTS = { secure: 8443, legacy: 8000 } as const;

/** Where the master is when no setting says. */
const DEFAULT_MASTER_HOST = 'localhost';

/** Ports and timeout of the probe; tests use free ports instead of 8443 and 8000. */
export interface ProbeOptions {
  ports?: { secure: number; legacy: number };
  timeoutMs?: number;
}

/** The master's host from a `url` setting (`http://10.20.0.2:8000/api` → `10.20.0.2`). */
export function masterHost(url: string | undefined): string {
  if (!url) return DEFAULT_MASTER_HOST;
  try {
    return new URL(url).hostname || DEFAULT_MASTER_HOST;
  } catch {
    return DEFAULT_MASTER_HOST;
  }
}

/**
 * The API root on the master, found as the stock agent did: HTTPS on the secure port unless
 * that connection is refused, then plain HTTP on the legacy port. Only the host of the
 * configured URL counts; its scheme and port are ignored.
 */
export async function resolveApiUrl(host: string, options: ProbeOptions = {}): Promise<string> {
  const ports = options.ports ?? API_PORTS;
  const secure = `https://${host}:${ports.secure}`;
  try {
    await httpRequest({ method: 'GET', url: `${secure}/`, timeoutMs: options.timeoutMs });
  } catch (error) {
    if (error instanceof AgentError && error.reason === 'connection_refused') {
      return `http://${host}:${ports.legacy}/api`;
    }
  }
  return `${secure}/api`;
}

/** The master's IPv4 address (resolving a name), or undefined when it has none. */
export async function masterIpv4(host: string): Promise<string | undefined> {
  const bare = host.replace(/^\[|\]$/g, '');
  if (isIPv4(bare)) return bare;
  try {
    return (await lookup(bare, { family: 4 })).address;
  } catch {
    return undefined;
  }
}
