/**
 * Cobbler's `"k=v k2=v2"` option strings (kernel options, ks_meta / autoinstall_meta), written
 * so that Cobbler's shell-like split gives back every value: nested structs and lists become
 * JSON, and a value with spaces, quotes or backslashes is double-quoted and escaped.
 */
import { CobblerInvalidSystem } from './errors.js';

const NEEDS_QUOTES = /[\s"'\\]/;

/** Flattens a struct of options; a string is taken as already flat. */
export function flattenOptions(field: string, options: unknown): string {
  if (typeof options === 'string') return options.trim();
  if (typeof options !== 'object' || options === null || Array.isArray(options)) {
    throw new CobblerInvalidSystem(`${field} must be a struct or a string`);
  }
  return Object.entries(options)
    .filter(([, value]) => value !== undefined)
    .map(([key, value]) => `${key}=${optionValue(value)}`)
    .join(' ');
}

/** One value of an option string. */
export function optionValue(value: unknown): string {
  if (value === null || value === undefined) return '';
  if (typeof value === 'object') return quoted(JSON.stringify(value));
  const text = String(value);
  return NEEDS_QUOTES.test(text) ? quoted(text) : text;
}

function quoted(text: string): string {
  return `"${text.replace(/[\\"]/g, '\\$&')}"`;
}
