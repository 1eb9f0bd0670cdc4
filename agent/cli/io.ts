/** Where the CLI writes: a stream of the process, or a buffer in tests. */
export interface OutputStream {
  write(chunk: string): unknown;
}

/** Where the CLI reads a password from: the terminal (raw mode) or a pipe. */
export interface InputStream extends AsyncIterable<Buffer | string> {
  isTTY?: boolean;
  setRawMode?(mode: boolean): unknown;
  on(event: 'data', listener: (chunk: Buffer | string) => void): unknown;
  off(event: 'data', listener: (chunk: Buffer | string) => void): unknown;
  resume(): unknown;
  pause(): unknown;
}

/**
 * Everything the CLI touches of its process, so that tests run it in-process: the environment
 * (`FUEL_URL`, `FUEL_USER`, `FUEL_PASSWORD`, `FUEL_CLI_CONFIG`, `NO_COLOR`, `HOME`), the three
 * streams, whether stdout is a terminal (live redraw and colours), and a signal that Ctrl-C aborts.
 */
export interface CliIo {
  env: Readonly<Record<string, string | undefined>>;
  stdout: OutputStream;
  stderr: OutputStream;
  stdin: InputStream;
  isTTY: boolean;
  /** Width of the terminal; 80 when unknown. */
  columns?: number;
  /** Height of the terminal; the live view never draws more lines than it has. */
  rows?: number;
  signal?: AbortSignal;
}

/** Writes `text` and a newline to stdout. */
export function say(io: CliIo, text: string): void {
  io.stdout.write(`${text}\n`);
}

/** Writes `value` as indented JSON to stdout (the `--json` output). */
export function sayJson(io: CliIo, value: unknown): void {
  io.stdout.write(`${JSON.stringify(value ?? null, null, 2)}\n`);
}
