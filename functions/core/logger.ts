/**
 * Structured logs: one JSON object per line with fixed snake_case keys. A child logger binds
 * the ids of a unit of work (request_id, cluster_id, node_id, task_uuid...) once.
 */
export type LogLevel = 'debug' | 'info' | 'warn' | 'error';

const LEVEL_ORDER = { debug: 10, info: 20, warn: 30, error: 40 } as const satisfies Record<
  LogLevel,
  number
>;

export type LogFields = Record<string, unknown>;

export interface Logger {
  debug(message: string, fields?: LogFields): void;
  info(message: string, fields?: LogFields): void;
  warn(message: string, fields?: LogFields): void;
  error(message: string, fields?: LogFields): void;
  child(fields: LogFields): Logger;
}

export interface LoggerOptions {
  level?: LogLevel;
  service?: string;
  write?: (line: string) => void;
}

/** Keys whose values never reach a log line, whatever object they appear in. */
const SECRET_KEY = /pass(word)?|secret|token|credential|authorization|cookie/i;

export function createLogger(options: LoggerOptions = {}, bound: LogFields = {}): Logger {
  const threshold = LEVEL_ORDER[options.level ?? 'info'];
  const write = options.write ?? ((line: string) => process.stdout.write(`${line}\n`));
  const service = options.service ?? 'fuel';

  const emit = (level: LogLevel, message: string, fields?: LogFields): void => {
    if (LEVEL_ORDER[level] < threshold) return;
    const entry = {
      level,
      time: new Date().toISOString(),
      service,
      message,
      ...bound,
      ...(fields ? redact(fields) : {}),
    };
    write(JSON.stringify(entry, errorReplacer));
  };

  return {
    debug: (m, f) => emit('debug', m, f),
    info: (m, f) => emit('info', m, f),
    warn: (m, f) => emit('warn', m, f),
    error: (m, f) => emit('error', m, f),
    child: (fields) => createLogger(options, { ...bound, ...redact(fields) }),
  };
}

/** A logger that drops everything (tests that do not look at logs). */
export const silentLogger: Logger = createLogger({ write: () => undefined });

function redact(fields: LogFields): LogFields {
  const out: LogFields = {};
  for (const [key, value] of Object.entries(fields)) {
    out[key] = SECRET_KEY.test(key) ? '[redacted]' : value;
  }
  return out;
}

function errorReplacer(_key: string, value: unknown): unknown {
  if (value instanceof Error) {
    return { name: value.name, message: value.message, stack: value.stack };
  }
  return value;
}
