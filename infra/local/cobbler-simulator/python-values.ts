/**
 * Cobbler's input converters (`cobbler/utils.py` in 3.3.7), which decide how the values of
 * `modify_*` calls are stored: `"k=v k2"` strings become structs, `"a b"` strings become lists,
 * `"1"`/`"yes"`/`"on"` become true. Python's `None` is kept as `null` and sent as `"~"`.
 */
import { pyError } from './faults.js';
import { ShlexError, shlexSplit } from './shlex.js';

/** The marker of a value taken from the parent object (profile, distro, settings). */
export const INHERIT = '<<inherit>>';

/** A struct as the simulator stores it. */
export type PyDict = Record<string, unknown>;

const TRUE_WORDS = ['true', '1', 'on', 'yes', 'y'];

/** True for a plain struct (what the XML-RPC decoder makes of `<struct>`). */
export function isPyDict(value: unknown): value is PyDict {
  if (typeof value !== 'object' || value === null) return false;
  const prototype: unknown = Object.getPrototypeOf(value);
  return prototype === Object.prototype || prototype === null;
}

/** What Python's `type(value)` prints for a decoded XML-RPC value. */
export function pyTypeName(value: unknown): string {
  if (typeof value === 'string') return "<class 'str'>";
  if (typeof value === 'boolean') return "<class 'bool'>";
  if (typeof value === 'number') {
    return Number.isInteger(value) ? "<class 'int'>" : "<class 'float'>";
  }
  if (Array.isArray(value)) return "<class 'list'>";
  if (isPyDict(value)) return "<class 'dict'>";
  if (value instanceof Date) return "<class 'datetime.datetime'>";
  if (value === null || value === undefined) return "<class 'NoneType'>";
  return "<class 'bytes'>";
}

/** `utils.input_boolean`: true only for true, 1 and the words true/1/on/yes/y. */
export function inputBoolean(value: unknown): boolean {
  if (typeof value === 'boolean') return value;
  if (typeof value === 'number' && Number.isInteger(value)) return value === 1;
  if (typeof value === 'string') return TRUE_WORDS.includes(value.toLowerCase());
  throw pyError(
    'TypeError',
    `The value handed to the input_boolean function was not convertable due to a wrong type (found: ${pyTypeName(value)})!`,
  );
}

/** `utils.input_string_or_dict`: `"a=1 b c=2 c=3"` → `{a: "1", b: null, c: ["2", "3"]}`. */
export function inputStringOrDict(value: unknown): PyDict | typeof INHERIT {
  if (value === INHERIT) return INHERIT;
  if (value === null || value === undefined || value === 'delete') return {};
  if (Array.isArray(value)) {
    throw pyError('TypeError', `No idea what to do with list: ${JSON.stringify(value)}`);
  }
  if (typeof value === 'string') return parseKeyValues(value);
  if (isPyDict(value)) {
    const copy = { ...value };
    delete copy[''];
    return copy;
  }
  throw pyError('TypeError', 'invalid input type');
}

/** `utils.input_string_or_list`: `"a b"` → `["a", "b"]`; empty or `"delete"` → `[]`. */
export function inputStringOrList(value: unknown): unknown[] | typeof INHERIT {
  if (value === INHERIT) return INHERIT;
  if (!value || value === 'delete') return [];
  if (Array.isArray(value)) return value;
  if (typeof value === 'string') return split(value);
  throw pyError('TypeError', 'invalid input type');
}

/** `utils.strip_none`: every `None` becomes `"~"`, since XML-RPC has no nil. */
export function stripNone(value: unknown): unknown {
  if (value === null || value === undefined) return '~';
  if (Array.isArray(value)) return value.map(stripNone);
  if (isPyDict(value)) {
    return Object.fromEntries(Object.entries(value).map(([k, v]) => [k, stripNone(v)]));
  }
  return value;
}

/** Shell-like split that fails the way Python's shlex does (a ValueError fault). */
export function split(text: string): string[] {
  try {
    return shlexSplit(text);
  } catch (error) {
    if (error instanceof ShlexError) throw pyError('ValueError', error.message);
    throw error;
  }
}

function parseKeyValues(text: string): PyDict {
  const pairs = new Map<string, unknown>();
  for (const word of split(text)) {
    const at = word.indexOf('=');
    const key = at < 0 ? word : word.slice(0, at);
    const value = at < 0 ? null : word.slice(at + 1);
    const previous = pairs.get(key);
    if (!pairs.has(key)) pairs.set(key, value);
    else if (Array.isArray(previous)) previous.push(value);
    else pairs.set(key, [previous, value]);
  }
  pairs.delete('');
  return Object.fromEntries(pairs);
}
