import type { JsonValue } from './asl.js';

/** Biome's line width for this repository; the files are written already formatted. */
const LINE_WIDTH = 100;
const INDENT = '  ';

/**
 * Serializes a definition the way Biome formats JSON, so the generated files pass
 * `biome check` unchanged: objects one key per line, arrays of scalars on one line when they
 * fit, everything else one element per line.
 */
export function renderJson(value: JsonValue): string {
  return `${renderValue(value, '', 0)}\n`;
}

/** `prefixWidth`: what precedes the value on its line (indent, key), for the width check. */
function renderValue(value: JsonValue, indent: string, prefixWidth: number): string {
  if (Array.isArray(value)) return renderArray(value, indent, prefixWidth);
  if (value !== null && typeof value === 'object') return renderObject(value, indent);

  return JSON.stringify(value);
}

function renderObject(value: { [key: string]: JsonValue }, indent: string): string {
  const entries = Object.entries(value);
  if (entries.length === 0) return '{}';
  const inner = indent + INDENT;
  const lines = entries.map(([key, item], index) => {
    const head = `${inner}${JSON.stringify(key)}: `;
    const comma = index < entries.length - 1 ? ',' : '';

    return `${head}${renderValue(item, inner, head.length + comma.length)}${comma}`;
  });

  return `{\n${lines.join('\n')}\n${indent}}`;
}

function renderArray(value: JsonValue[], indent: string, prefixWidth: number): string {
  if (value.length === 0) return '[]';
  const scalars = value.every((item) => item === null || typeof item !== 'object');
  const flat = `[${value.map((item) => JSON.stringify(item)).join(', ')}]`;
  if (scalars && prefixWidth + flat.length <= LINE_WIDTH) return flat;
  const inner = indent + INDENT;
  const lines = value.map((item, index) => {
    const comma = index < value.length - 1 ? ',' : '';

    return `${inner}${renderValue(item, inner, inner.length + comma.length)}${comma}`;
  });

  return `[\n${lines.join('\n')}\n${indent}]`;
}
