import { request as httpRequestRaw } from 'node:http';
import { request as httpsRequestRaw } from 'node:https';
import { AgentError } from './errors.js';

/** Nailgun may stall for a while; the stock agent gave each phase 10 seconds. */
export const DEFAULT_TIMEOUT_MS = 10_000;

/** Status and body text of an answer. */
export interface HttpResponse {
  status: number;
  text: string;
}

/** One request to Nailgun. */
export interface HttpRequest {
  method: 'GET' | 'POST' | 'PUT';
  url: string;
  /** A JSON document. */
  body?: string;
  /** Longest silence allowed on the connection (connect, send, receive). */
  timeoutMs?: number;
}

function failure(error: NodeJS.ErrnoException, url: string): AgentError {
  const reason = error.code === 'ECONNREFUSED' ? 'connection_refused' : 'network_error';
  return new AgentError(reason, `${url}: ${error.message}`, { cause: error });
}

/**
 * One HTTP(S) exchange with only `node:` modules. TLS certificates are not verified: the
 * master's certificate is self-signed and nodes have no way to trust it (stock behaviour).
 */
export function httpRequest(req: HttpRequest): Promise<HttpResponse> {
  const url = new URL(req.url);
  const send = url.protocol === 'https:' ? httpsRequestRaw : httpRequestRaw;
  const headers: Record<string, string> = { Accept: 'application/json' };
  if (req.body !== undefined) {
    headers['Content-Type'] = 'application/json';
    headers['Content-Length'] = String(Buffer.byteLength(req.body));
  }
  return new Promise((resolve, reject) => {
    const timeout = req.timeoutMs ?? DEFAULT_TIMEOUT_MS;
    const options = { method: req.method, headers, timeout, rejectUnauthorized: false };
    const call = send(url, options, (res) => {
      const chunks: Buffer[] = [];
      res.on('data', (chunk: Buffer) => chunks.push(chunk));
      res.on('error', (error) => reject(failure(error, req.url)));
      res.on('end', () =>
        resolve({ status: res.statusCode ?? 0, text: Buffer.concat(chunks).toString('utf8') }),
      );
    });
    // `timeout` is an idle limit that also covers connecting, unlike `setTimeout` on the request.
    call.on('timeout', () => {
      call.destroy(new AgentError('timeout', `${req.url}: no answer in time`));
    });
    call.on('error', (error) =>
      reject(error instanceof AgentError ? error : failure(error, req.url)),
    );
    call.end(req.body);
  });
}
