/**
 * The logging port of the Cobbler driver: a fixed short message and snake_case fields, so
 * any structured logger fits. The default drops everything.
 */

/** Fields of one log entry. */
export type CobblerLogFields = Record<string, unknown>;

/** What the driver logs through. */
export interface CobblerLogger {
  debug(message: string, fields?: CobblerLogFields): void;
  info(message: string, fields?: CobblerLogFields): void;
  warn(message: string, fields?: CobblerLogFields): void;
  error(message: string, fields?: CobblerLogFields): void;
}

const ignore = (): void => undefined;

/** A logger that writes nothing. */
export const noopCobblerLogger: CobblerLogger = {
  debug: ignore,
  info: ignore,
  warn: ignore,
  error: ignore,
};
