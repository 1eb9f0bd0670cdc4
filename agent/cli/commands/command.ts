import { usageError } from '../errors.js';
import type { ExitCode } from '../exit-codes.js';
import type { CliIo } from '../io.js';

/** A top-level command of `fuel`: `fuel <name> ...`. */
export interface Command {
  name: string;
  /** One line for `fuel --help`. */
  summary: string;
  /** The command's synopsis, printed by `--help` and after usage errors. */
  usage: string;
  run(args: string[], io: CliIo): Promise<ExitCode>;
}

/** What runs one subcommand: its arguments after the subcommand's name. */
export type Subcommand = (args: string[], io: CliIo) => Promise<ExitCode>;

/** Runs `fuel <group> <sub> ...` by the subcommand's name. */
export function dispatch(
  args: string[],
  io: CliIo,
  usage: string,
  subcommands: Record<string, Subcommand>,
): Promise<ExitCode> {
  const [name, ...rest] = args;
  if (name === undefined) throw usageError('a subcommand is required', usage);
  const run = Object.hasOwn(subcommands, name) ? subcommands[name] : undefined;
  if (!run) throw usageError(`unknown subcommand '${name}'`, usage);

  return run(rest, io);
}
