/**
 * The agent's log: one JSON object per line with a short fixed `message` and snake_case
 * fields, on stderr so that `--dry-run` output on stdout stays clean JSON.
 */

/** Levels from the most to the least verbose. */
export const LOG_LEVELS = ['debug', 'info', 'warn', 'error'] as const;
/** One of `LOG_LEVELS`. */
export type LogLevel = (typeof LOG_LEVELS)[number];

/** Data of one entry, snake_case keys. */
export type LogFields = Record<string, unknown>;

/** What the agent logs through. */
export interface AgentLogger {
  debug(message: string, fields?: LogFields): void;
  info(message: string, fields?: LogFields): void;
  warn(message: string, fields?: LogFields): void;
  error(message: string, fields?: LogFields): void;
}

/** Errors as `{name, message}`: a log line names the failure, the stack is noise on a node. */
function replacer(_key: string, value: unknown): unknown {
  return value instanceof Error ? { name: value.name, message: value.message } : value;
}

/** A logger writing entries from `level` up through `write` (stderr by default). */
export function createLogger(
  level: LogLevel = 'info',
  write: (line: string) => void = (line) => process.stderr.write(`${line}\n`),
): AgentLogger {
  const threshold = LOG_LEVELS.indexOf(level);
  const at =
    (entryLevel: LogLevel) =>
    (message: string, fields?: LogFields): void => {
      if (LOG_LEVELS.indexOf(entryLevel) < threshold) return;
      const entry = { time: new Date().toISOString(), level: entryLevel, message, ...fields };
      write(JSON.stringify(entry, replacer));
    };
  return { debug: at('debug'), info: at('info'), warn: at('warn'), error: at('error') };
}

/** A logger that drops everything (tests). */
export const silentLogger: AgentLogger = createLogger('error', () => undefined);
