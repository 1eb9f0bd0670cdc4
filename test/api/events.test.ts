import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestApi, type TestApi } from '../support/api.js';
import { buildEnvironment, discoverNodes } from '../support/lab.js';

let api: TestApi;
beforeAll(async () => {
  api = await startTestApi();
});
afterAll(() => api.close());

interface SseEvent {
  event: string;
  data: Record<string, unknown>;
}

/** Reads SSE events from a streaming response until `stop` says enough. */
async function readEvents(
  res: Response,
  stop: (events: SseEvent[]) => boolean,
): Promise<SseEvent[]> {
  const reader = (res.body as ReadableStream<Uint8Array>).getReader();
  const decoder = new TextDecoder();
  const events: SseEvent[] = [];
  let buffer = '';
  while (!stop(events)) {
    const { value, done } = await reader.read();
    if (done) break;
    buffer += decoder.decode(value, { stream: true });
    let end = buffer.indexOf('\n\n');
    while (end >= 0) {
      const block = buffer.slice(0, end);
      buffer = buffer.slice(end + 2);
      const event = /^event: (.+)$/m.exec(block)?.[1];
      const data = /^data: (.+)$/m.exec(block)?.[1];
      if (event && data) events.push({ event, data: JSON.parse(data) });
      end = buffer.indexOf('\n\n');
    }
  }
  await reader.cancel();
  return events;
}

describe('GET /clusters/{id}/events', () => {
  it('opens with the full state, then streams node changes as they happen', async () => {
    const [a, b] = (await discoverNodes(api, 2)) as [number, number];
    const clusterId = await buildEnvironment(api, 'events-env', [
      { id: a, roles: ['controller'] },
      { id: b, roles: ['compute'] },
    ]);
    const res = await api.app.request(`/api/v1/clusters/${clusterId}/events?interval_ms=20`, {
      headers: { 'X-Auth-Token': api.token },
    });

    const events = readEvents(res, (seen) =>
      seen.some((e) => e.event === 'node' && e.data.progress === 42),
    );
    await new Promise((r) => setTimeout(r, 100));
    await api.db.query("UPDATE nodes SET status = 'deploying', progress = 42 WHERE id = $1", [b]);
    const seen = await events;

    expect(res.headers.get('content-type')).toContain('text/event-stream');
    expect(seen[0]).toMatchObject({ event: 'cluster', data: { id: clusterId, status: 'new' } });
    expect(seen.filter((e) => e.event === 'node').map((e) => e.data.id)).toEqual([a, b, b]);
    expect(seen.at(-1)?.data).toMatchObject({ id: b, status: 'deploying', progress: 42 });
  });

  it('needs a token and a known environment', async () => {
    const anonymous = await api.request('GET', '/api/v1/clusters/1/events', { token: null });
    const unknown = await api.request('GET', '/api/v1/clusters/999999/events');
    const badInterval = await api.request('GET', '/api/v1/clusters/1/events?interval_ms=fast');

    expect(anonymous.status).toBe(401);
    expect(unknown.status).toBe(404);
    expect(badInterval.status).toBe(400);
  });
});
