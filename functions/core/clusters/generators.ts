import { randomBytes, randomInt, randomUUID } from 'node:crypto';
import { InvalidData } from '../errors.js';
import { isJsonObject } from './model.js';

const ALPHANUMERIC = 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789';
const PASSWORD_LENGTH = 24;

/** Values a `{cluster.…}` placeholder of the release metadata may name. */
export interface PlaceholderContext {
  'cluster.id': number;
  'cluster.name': string;
  'cluster.release.version': string;
}

/**
 * Replaces every `{generator: …}` leaf with a fresh value ('password', 'hexstring', 'uuid') and
 * fills the `{cluster.…}` placeholders of strings, as Nailgun does when it creates an
 * environment's attributes. `{settings.…}` placeholders stay: only the deployment knows them.
 */
export function generateValues(value: unknown, context: PlaceholderContext): unknown {
  if (typeof value === 'string') return fillPlaceholders(value, context);
  if (Array.isArray(value)) return value.map((item) => generateValues(item, context));
  if (!isJsonObject(value)) return value;
  if (typeof value.generator === 'string') return evaluate(value.generator, value.generator_args);
  return Object.fromEntries(
    Object.entries(value).map(([key, item]) => [key, generateValues(item, context)]),
  );
}

function evaluate(generator: string, args: unknown): string {
  switch (generator) {
    case 'password':
      return Array.from({ length: PASSWORD_LENGTH }, () => ALPHANUMERIC[randomInt(62)]).join('');
    case 'hexstring':
      return hexString(isJsonObject(args) ? args.length : undefined);
    case 'uuid':
      return randomUUID();
    default:
      throw new InvalidData(`Release attributes use an unknown generator '${generator}'`);
  }
}

function hexString(length: unknown): string {
  if (typeof length !== 'number' || !Number.isInteger(length) || length < 0 || length > 4096) {
    throw new InvalidData("Generator 'hexstring' needs generator_args.length, 0 to 4096");
  }
  return randomBytes(Math.ceil(length / 2))
    .toString('hex')
    .slice(0, length);
}

function fillPlaceholders(text: string, context: PlaceholderContext): string {
  return text.replace(/\{(cluster\.[a-z_.]+)\}/g, (whole, key: string) =>
    key in context ? String(context[key as keyof PlaceholderContext]) : whole,
  );
}
