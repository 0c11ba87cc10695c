/**
 * Renders rows for people and programs: an aligned text table, RFC 4180 CSV (csv-stringify), or JSON.
 * Values arrive as strings already (amounts stay exact text end to end). Tables escape control
 * characters; CSV meant for spreadsheets neutralises formulas (src/output/cell-safety.ts).
 */
import { stringify } from 'csv-stringify/sync';
import { escapeControls, neutraliseFormula } from './cell-safety.ts';

export type Cell = string | null;

/** Plain CSV, cells verbatim: for files mp-recon reads back (imports). */
export function toCsv(columns: readonly string[], rows: readonly Cell[][]): string {
  return stringify(rows as Cell[][], { header: true, columns: [...columns], record_delimiter: 'windows' });
}

/** CSV for people to open in a spreadsheet: text that would run as a formula is made inert. */
export function toSpreadsheetCsv(columns: readonly string[], rows: readonly Cell[][], numericColumns: ReadonlySet<string>): string {
  const numeric = columns.map((c) => numericColumns.has(c));
  return toCsv(
    columns,
    rows.map((r) => r.map((v, i) => (v === null ? null : neutraliseFormula(v, numeric[i]!)))),
  );
}

export function toTable(columns: readonly string[], rows: readonly Cell[][], rightAligned: ReadonlySet<string> = new Set()): string {
  const text = rows.map((r) => r.map((v) => escapeControls(v ?? '')));
  const widths = columns.map((c, i) => Math.max(c.length, ...text.map((r) => (r[i] ?? '').length)));
  const line = (cells: readonly string[]) =>
    cells
      .map((v, i) => (rightAligned.has(columns[i]!) ? v.padStart(widths[i]!) : v.padEnd(widths[i]!)))
      .join('  ')
      .trimEnd();
  return [line(columns), line(widths.map((w) => '-'.repeat(w))), ...text.map(line)].join('\n') + '\n';
}
