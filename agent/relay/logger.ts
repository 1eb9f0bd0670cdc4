/**
 * The relay's structured logger: one JSON object per line, a short fixed message and
 * snake_case fields, with the ids of the unit of work bound once through `child`. The Cobbler
 * and MCollective drivers take it as their logging port.
 */

/** Fields of one log entry. */
export type LogFields = Record<string, unknown>;

/** Levels from the most to the least verbose. */
export const LOG_LEVELS = ['debug', 'info', 'warn', 'error'] as const;
export type LogLevel = (typeof LOG_LEVELS)[number];

/** What the relay and its drivers log through. */
export interface RelayLogger {
  debug(message: string, fields?: LogFields): void;
  info(message: string, fields?: LogFields): void;
  warn(message: string, fields?: LogFields): void;
  error(message: string, fields?: LogFields): void;
  /** A logger that adds `fields` to every entry. */
  child(fields: LogFields): RelayLogger;
}

/** Where and from which level a JSON logger writes. */
export interface JsonLoggerOptions {
  level?: LogLevel;
  /** Receives each line without its newline; stderr by default. */
  write?: (line: string) => void;
  /** Fields on every entry, e.g. `{ site: 'dc1' }`. */
  fields?: LogFields;
  now?: () => Date;
}

/** A logger writing one JSON object per line. */
export function createJsonLogger(options: JsonLoggerOptions = {}): RelayLogger {
  const threshold = LOG_LEVELS.indexOf(options.level ?? 'info');
  const write = options.write ?? ((line: string) => process.stderr.write(`${line}\n`));
  const now = options.now ?? (() => new Date());
  const build = (bound: LogFields): RelayLogger => {
    const at =
      (level: LogLevel) =>
      (message: string, fields?: LogFields): void => {
        if (LOG_LEVELS.indexOf(level) < threshold) return;
        const entry = { time: now().toISOString(), level, message, ...bound, ...fields };
        write(JSON.stringify(entry, errorReplacer));
      };
    return {
      debug: at('debug'),
      info: at('info'),
      warn: at('warn'),
      error: at('error'),
      child: (fields) => build({ ...bound, ...fields }),
    };
  };

  return build(options.fields ?? {});
}

const ignore = (): void => undefined;

/** A logger that writes nothing. */
export const noopRelayLogger: RelayLogger = {
  debug: ignore,
  info: ignore,
  warn: ignore,
  error: ignore,
  child: () => noopRelayLogger,
};

/** Errors serialise as their name, message and stack rather than `{}`. */
function errorReplacer(_key: string, value: unknown): unknown {
  if (!(value instanceof Error)) return value;

  return { name: value.name, message: value.message, stack: value.stack };
}
