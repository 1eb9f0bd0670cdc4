/** One Server-Sent Event: its type (`message` when unnamed), its data and its id. */
export interface SseEvent {
  event: string;
  data: string;
  id?: string;
}

/**
 * Reads Server-Sent Events from a response body as they arrive, following the WHATWG rules
 * the CLI needs: `event`, `data` (lines joined with `\n`), `id`, comments, any line ending.
 */
export async function* readSse(body: ReadableStream<Uint8Array>): AsyncGenerator<SseEvent> {
  const decoder = new TextDecoder();
  const parser = new SseParser();
  const reader = body.getReader();
  try {
    for (;;) {
      const { value, done } = await reader.read();
      if (done) break;
      yield* parser.push(decoder.decode(value, { stream: true }));
    }
    yield* parser.push(`${decoder.decode()}\n\n`);
  } finally {
    await reader.cancel().catch(() => undefined);
  }
}

/** The line-level state machine, fed text in chunks of any size. */
export class SseParser {
  private buffer = '';
  private event = '';
  private data: string[] = [];
  private id: string | undefined;

  /** Adds text and answers the events it completes. */
  push(text: string): SseEvent[] {
    this.buffer += text;
    const events: SseEvent[] = [];
    for (;;) {
      const match = /\r\n|\r|\n/.exec(this.buffer);
      // A lone trailing \r may be the first half of \r\n: wait for the next chunk.
      if (!match || (match[0] === '\r' && match.index === this.buffer.length - 1)) break;
      const line = this.buffer.slice(0, match.index);
      this.buffer = this.buffer.slice(match.index + match[0].length);
      const event = this.line(line);
      if (event) events.push(event);
    }

    return events;
  }

  private line(line: string): SseEvent | undefined {
    if (line === '') return this.dispatch();
    if (line.startsWith(':')) return undefined;
    const colon = line.indexOf(':');
    const field = colon < 0 ? line : line.slice(0, colon);
    let value = colon < 0 ? '' : line.slice(colon + 1);
    if (value.startsWith(' ')) value = value.slice(1);
    if (field === 'event') this.event = value;
    else if (field === 'data') this.data.push(value);
    else if (field === 'id' && !value.includes('\0')) this.id = value;

    return undefined;
  }

  private dispatch(): SseEvent | undefined {
    const event: SseEvent | undefined =
      this.data.length === 0
        ? undefined
        : {
            event: this.event || 'message',
            data: this.data.join('\n'),
            ...(this.id === undefined ? {} : { id: this.id }),
          };
    this.event = '';
    this.data = [];

    return event;
  }
}
