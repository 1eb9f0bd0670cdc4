/** One request of a benchmark: what to send and which status proves it succeeded. */
export interface BenchRequest {
  method: string;
  path: string;
  /** A JSON body, already serialized (serializing is the client's cost, not the server's). */
  body?: string;
  token?: string;
  expect: number;
}

/**
 * Sends `request` to `baseUrl` with Node's fetch (keep-alive connections), reads the whole
 * answer and throws when its status is not the expected one.
 */
export async function send(baseUrl: string, request: BenchRequest): Promise<void> {
  const headers: Record<string, string> = {};
  if (request.body !== undefined) headers['Content-Type'] = 'application/json';
  if (request.token) headers['X-Auth-Token'] = request.token;
  const res = await fetch(`${baseUrl}${request.path}`, {
    method: request.method,
    headers,
    ...(request.body === undefined ? {} : { body: request.body }),
  });
  const text = await res.text();
  if (res.status !== request.expect) {
    throw new Error(
      `${request.method} ${request.path}: ${res.status} ${text.slice(0, 200)}, expected ${request.expect}`,
    );
  }
}
