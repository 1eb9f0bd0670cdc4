/** A cell of a printed table: the first column is left-aligned, figures right-aligned. */
export type Cell = string | number;

/** A number with a fixed count of decimals, or a dash for a missing figure. */
export function fixed(value: number | undefined, decimals = 1): string {
  return value === undefined || Number.isNaN(value) ? '-' : value.toFixed(decimals);
}

function align(cell: Cell, width: number, column: number): string {
  return column === 0 ? String(cell).padEnd(width) : String(cell).padStart(width);
}

/** Prints rows under a header as a Markdown table, so it can go into notes unchanged. */
export function printTable(header: string[], rows: Cell[][]): void {
  const widths = header.map((title, i) =>
    Math.max(title.length, ...rows.map((row) => String(row[i] ?? '').length)),
  );
  const line = (cells: Cell[]) =>
    `| ${cells.map((cell, i) => align(cell, widths[i] ?? 0, i)).join(' | ')} |`;
  console.log(line(header));
  console.log(`|${widths.map((w) => '-'.repeat(w + 2)).join('|')}|`);
  for (const row of rows) console.log(line(row));
}

/** A target and whether this run met it. */
export interface Verdict {
  target: string;
  met: boolean;
  measured: string;
}

/** Prints one PASS/FAIL line per target; returns whether all were met. */
export function printVerdicts(verdicts: Verdict[]): boolean {
  for (const v of verdicts) {
    console.log(`${v.met ? 'PASS' : 'FAIL'}  ${v.target}: ${v.measured}`);
  }

  return verdicts.every((v) => v.met);
}
