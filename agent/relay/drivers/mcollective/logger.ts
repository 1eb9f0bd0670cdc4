/**
 * The logging port of the MCollective driver: a fixed short message and snake_case fields, so
 * any structured logger fits. The default drops everything.
 */

/** Fields of one log entry. */
export type McoLogFields = Record<string, unknown>;

/** What the driver logs through. */
export interface McoLogger {
  debug(message: string, fields?: McoLogFields): void;
  info(message: string, fields?: McoLogFields): void;
  warn(message: string, fields?: McoLogFields): void;
  error(message: string, fields?: McoLogFields): void;
}

const ignore = (): void => undefined;

/** A logger that writes nothing. */
export const noopMcoLogger: McoLogger = {
  debug: ignore,
  info: ignore,
  warn: ignore,
  error: ignore,
};
