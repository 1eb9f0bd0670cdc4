import { visibleLength } from './colour.js';

/** One column of a table: its header, how a row shows in it, and optional styling. */
export interface Column<T> {
  header: string;
  value(row: T): string;
  align?: 'left' | 'right';
  /** Styles the padded cell (colour); must not change its visible length. */
  style?(cell: string, row: T): string;
}

/** Rows as aligned columns under a header, two spaces apart, without trailing blanks. */
export function formatTable<T>(rows: readonly T[], columns: readonly Column<T>[]): string {
  const cells = rows.map((row) => columns.map((column) => oneLine(column.value(row))));
  const widths = columns.map((column, i) =>
    Math.max(column.header.length, ...cells.map((line) => (line[i] ?? '').length)),
  );
  const header = columns.map((column, i) => pad(column.header, widths[i] ?? 0, column.align));
  const body = rows.map((row, r) =>
    columns.map((column, i) => {
      const cell = pad(cells[r]?.[i] ?? '', widths[i] ?? 0, column.align);
      return column.style ? column.style(cell, row) : cell;
    }),
  );

  return [header, ...body].map((line) => line.join('  ').trimEnd()).join('\n');
}

/** Key and value pairs, the keys aligned: `fuel env show`, `fuel task show`. */
export function formatDetails(pairs: readonly (readonly [string, string])[]): string {
  const width = Math.max(0, ...pairs.map(([key]) => key.length));
  return pairs
    .map(
      ([key, value]) =>
        `${key.padEnd(width)}  ${value.replace(/\n/g, `\n${' '.repeat(width + 2)}`)}`,
    )
    .join('\n');
}

/** Shortens text to `width` characters, marking the cut with an ellipsis. */
export function truncate(text: string, width: number): string {
  if (width <= 0) return '';
  return text.length <= width ? text : `${text.slice(0, Math.max(0, width - 1))}…`;
}

/** A value as a cell shows it: text as is, anything else as compact JSON. */
export function showValue(value: unknown): string {
  if (value === null || value === undefined) return '-';
  return typeof value === 'string' ? value : JSON.stringify(value);
}

function oneLine(text: string): string {
  return text.replace(/\s*\n\s*/g, ' ');
}

function pad(text: string, width: number, align: Column<unknown>['align']): string {
  const room = Math.max(0, width - visibleLength(text));
  return align === 'right' ? ' '.repeat(room) + text : text + ' '.repeat(room);
}
