import { AgentError } from './errors.js';
import type { Host } from './host.js';
import { type HttpResponse, httpRequest } from './http.js';
import type { AgentPayload } from './meta-types.js';
import { hasUid, writeUid } from './node-files.js';

/** One call the agent made and Nailgun's status. */
export interface CallRecord {
  method: 'POST' | 'PUT';
  status: number;
}

/** The outcome of a check-in. */
export interface CheckInResult {
  /** The node id Nailgun answered. */
  id: number;
  /** Nailgun saw the same checksum as last time and changed nothing. */
  cached: boolean;
  calls: CallRecord[];
}

/** Where and how patiently to check in. */
export interface CheckInOptions {
  /** The API root, e.g. `https://10.20.0.2:8443/api`. */
  apiUrl: string;
  timeoutMs?: number;
}

/** Registering again is refused when the node exists (409) or is no longer a bootstrap (403). */
const REGISTERED_ALREADY: ReadonlySet<number> = new Set([403, 409]);

/** How much of a refusal's body goes into the one-line log message. */
const MAX_DETAIL = 300;

/** Nailgun answers 400 to an update from a node it no longer knows. */
const UNKNOWN_NODE = 400;

/** The node id and `cached` flag of a 200 or 201 answer. */
function parseAnswer(response: HttpResponse): { id: number; cached: boolean } {
  let body: { id?: unknown; cached?: unknown } | null;
  try {
    body = JSON.parse(response.text) as typeof body;
  } catch (error) {
    throw new AgentError('bad_response', 'answer is not JSON', { cause: error });
  }
  const id = body?.id;
  if (typeof id !== 'number' || !Number.isInteger(id)) {
    throw new AgentError('bad_response', 'answer carries no node id');
  }
  return { id, cached: body?.cached === true };
}

/**
 * Sends the report with the stock agent's sequence (reference §5): a node without
 * `/etc/nailgun_uid` registers (`POST /nodes/`) and updates instead when Nailgun says it exists;
 * a known node updates (`PUT /nodes/agent/`) and registers again when Nailgun forgot it. On 200
 * or 201 the node id is written to `/etc/nailgun_uid`.
 */
export async function checkIn(
  host: Host,
  payload: AgentPayload,
  options: CheckInOptions,
): Promise<CheckInResult> {
  const body = JSON.stringify(payload);
  const calls: CallRecord[] = [];
  const call = async (method: CallRecord['method']): Promise<HttpResponse> => {
    const path = method === 'POST' ? 'nodes/' : 'nodes/agent/';
    const url = `${options.apiUrl.replace(/\/$/, '')}/${path}`;
    const response = await httpRequest({ method, url, body, timeoutMs: options.timeoutMs });
    calls.push({ method, status: response.status });
    return response;
  };
  let response: HttpResponse;
  if (await hasUid(host)) {
    response = await call('PUT');
    if (response.status === UNKNOWN_NODE) response = await call('POST');
  } else {
    response = await call('POST');
    if (REGISTERED_ALREADY.has(response.status)) response = await call('PUT');
  }
  if (response.status !== 200 && response.status !== 201) {
    const text = response.text.replace(/\s+/g, ' ').slice(0, MAX_DETAIL);
    throw new AgentError('http_status', `Nailgun answered ${response.status}: ${text}`);
  }
  const answer = parseAnswer(response);
  await writeUid(host, answer.id);
  return { ...answer, calls };
}
