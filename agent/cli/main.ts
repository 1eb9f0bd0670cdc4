import type { Command } from './commands/command.js';
import { taskActionCommands } from './commands/deploy.js';
import { envCommand } from './commands/env.js';
import { loginCommand } from './commands/login.js';
import { nodeCommand } from './commands/node.js';
import { notificationsCommand } from './commands/notification.js';
import { settingsCommand } from './commands/settings.js';
import { taskCommand } from './commands/task.js';
import { CliError, isAbortError } from './errors.js';
import { EXIT_CODES, type ExitCode } from './exit-codes.js';
import type { CliIo } from './io.js';

const COMMANDS: readonly Command[] = [
  loginCommand,
  envCommand,
  nodeCommand,
  settingsCommand,
  ...taskActionCommands,
  taskCommand,
  notificationsCommand,
];

const HELP_FLAGS = ['--help', '-h'];

/**
 * Runs `fuel` with `argv` (the arguments after the program's name) and answers its exit code.
 * Everything of the process it needs comes in `io`, so that tests run it in-process.
 */
export async function main(argv: readonly string[], io: CliIo): Promise<ExitCode> {
  const [name, ...args] = argv;
  if (name === undefined || name === 'help' || HELP_FLAGS.includes(name)) {
    (name === undefined ? io.stderr : io.stdout).write(`${overview()}\n`);
    return name === undefined ? EXIT_CODES.usage : EXIT_CODES.ok;
  }
  const command = COMMANDS.find((c) => c.name === name);
  if (!command) {
    io.stderr.write(`fuel: unknown command '${name}'\n${overview()}\n`);
    return EXIT_CODES.usage;
  }
  if (args.some((arg) => HELP_FLAGS.includes(arg))) {
    io.stdout.write(`${command.usage}\n`);
    return EXIT_CODES.ok;
  }
  try {
    return await command.run(args, io);
  } catch (error) {
    return report(io, error);
  }
}

/** One line on stderr for a failure, and its exit code. */
function report(io: CliIo, error: unknown): ExitCode {
  if (error instanceof CliError) {
    io.stderr.write(`fuel: ${error.message}\n`);
    return error.exitCode;
  }
  if (isAbortError(error) || io.signal?.aborted) {
    io.stderr.write('fuel: interrupted\n');
    return EXIT_CODES.interrupted;
  }
  const detail = error instanceof Error ? (error.stack ?? error.message) : String(error);
  io.stderr.write(`fuel: unexpected failure (a bug of the CLI): ${detail}\n`);

  return EXIT_CODES.refused;
}

function overview(): string {
  const width = Math.max(...COMMANDS.map((c) => c.name.length));
  const lines = COMMANDS.map((c) => `  ${c.name.padEnd(width)}  ${c.summary}`);

  return [
    'usage: fuel <command> [arguments] [--json] [--help]',
    '',
    'Commands:',
    ...lines,
    '',
    'Exit codes: 0 ok, 1 refused by the API, 2 usage error, 3 server unreachable,',
    '4 the task waited for ended in error, 130 interrupted.',
    'Environment: FUEL_URL, FUEL_USER, FUEL_PASSWORD, FUEL_CLI_CONFIG, NO_COLOR.',
  ].join('\n');
}
