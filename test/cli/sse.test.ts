import { describe, expect, it } from 'vitest';
import { readSse, SseParser } from '../../agent/cli/sse.js';

function streamOf(chunks: string[]): ReadableStream<Uint8Array> {
  const encoder = new TextEncoder();
  return new ReadableStream({
    start(controller) {
      for (const chunk of chunks) controller.enqueue(encoder.encode(chunk));
      controller.close();
    },
  });
}

async function collect(chunks: string[]) {
  const events = [];
  for await (const event of readSse(streamOf(chunks))) events.push(event);
  return events;
}

describe('readSse', () => {
  it('reads named events with their data and the last id seen', async () => {
    const events = await collect(['event: node\ndata: {"id":1}\nid: 7\n\n', 'data: plain\n\n']);

    expect(events).toEqual([
      { event: 'node', data: '{"id":1}', id: '7' },
      { event: 'message', data: 'plain', id: '7' },
    ]);
  });

  it('joins events split anywhere across chunks, whatever the line endings', async () => {
    const text = 'event: task\r\ndata: {"a":\r\ndata: 1}\r\n\r\nevent: node\rdata: x\r\r';
    const chunks = [...text].map((char) => char);

    const events = await collect(chunks);

    expect(events).toEqual([
      { event: 'task', data: '{"a":\n1}' },
      { event: 'node', data: 'x' },
    ]);
  });

  it('skips comments and blocks without data, and ends a last block at the end', async () => {
    const events = await collect([': keepalive\n\n', 'event: lonely\n\n', 'data: last']);

    expect(events).toEqual([{ event: 'message', data: 'last' }]);
  });

  it('decodes characters split between chunks', async () => {
    const bytes = new TextEncoder().encode('data: café\n\n');
    const stream = new ReadableStream<Uint8Array>({
      start(controller) {
        controller.enqueue(bytes.slice(0, 10));
        controller.enqueue(bytes.slice(10));
        controller.close();
      },
    });

    const events = [];
    for await (const event of readSse(stream)) events.push(event);

    expect(events).toEqual([{ event: 'message', data: 'café' }]);
  });
});

describe('SseParser', () => {
  it('keeps a field value without its single leading space only', () => {
    const parser = new SseParser();

    const events = parser.push('data:  two spaces\nevent:node\n\n');

    expect(events).toEqual([{ event: 'node', data: ' two spaces' }]);
  });
});
