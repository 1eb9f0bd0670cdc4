import { CliError } from './errors.js';
import { EXIT_CODES } from './exit-codes.js';
import type { CliIo, InputStream } from './io.js';

const CTRL_C = '\u0003';
const CTRL_D = '\u0004';
const BACKSPACES = ['\u007f', '\b'];

/**
 * Reads a password: from the terminal without echo (the prompt on stderr), or the first line
 * of stdin when it is a pipe (`fuel login < secret`).
 */
export async function readPassword(io: CliIo, prompt: string): Promise<string> {
  const { stdin } = io;
  if (stdin.isTTY && stdin.setRawMode) {
    io.stderr.write(prompt);
    try {
      return await readWithoutEcho(stdin);
    } finally {
      io.stderr.write('\n');
    }
  }

  return readFirstLine(stdin);
}

function readWithoutEcho(stdin: InputStream): Promise<string> {
  return new Promise((resolve, reject) => {
    let typed = '';
    const finish = (error?: Error) => {
      stdin.off('data', onData);
      stdin.setRawMode?.(false);
      stdin.pause();
      if (error) reject(error);
      else resolve(typed);
    };
    const onData = (chunk: Buffer | string) => {
      for (const char of String(chunk)) {
        if (char === '\r' || char === '\n' || char === CTRL_D) return finish();
        if (char === CTRL_C) return finish(new CliError('interrupted', EXIT_CODES.interrupted));
        if (BACKSPACES.includes(char)) typed = typed.slice(0, -1);
        else typed += char;
      }
    };
    stdin.setRawMode?.(true);
    stdin.on('data', onData);
    stdin.resume();
  });
}

async function readFirstLine(stdin: InputStream): Promise<string> {
  let text = '';
  for await (const chunk of stdin) {
    text += String(chunk);
    if (text.includes('\n')) break;
  }

  return text.split(/\r?\n/)[0] ?? '';
}
