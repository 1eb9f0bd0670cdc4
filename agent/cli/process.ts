import { EXIT_CODES } from './exit-codes.js';
import type { CliIo } from './io.js';
import { main } from './main.js';

/**
 * Runs `fuel` as a process: its arguments, environment and streams, Ctrl-C as an abort (a
 * second Ctrl-C exits at once), and the exit code once stdout has drained.
 */
export async function runProcess(): Promise<void> {
  const interrupt = new AbortController();
  process.on('SIGINT', () => {
    if (interrupt.signal.aborted) process.exit(EXIT_CODES.interrupted);
    interrupt.abort();
  });
  const io: CliIo = {
    env: process.env,
    stdout: process.stdout,
    stderr: process.stderr,
    stdin: process.stdin,
    isTTY: Boolean(process.stdout.isTTY),
    get columns() {
      return process.stdout.columns;
    },
    get rows() {
      return process.stdout.rows;
    },
    signal: interrupt.signal,
  };
  const code = await main(process.argv.slice(2), io);
  // Exit explicitly: an idle keep-alive socket or a paused stdin must not hold the process.
  process.stdout.write('', () => process.exit(code));
}
