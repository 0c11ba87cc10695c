/**
 * Renders rows for people and programs: an aligned text table, RFC 4180 CSV (spreadsheets), or JSON.
 * Values arrive as strings already (amounts stay exact text end to end).
 */
export type Cell = string | null;

export function toCsv(columns: readonly string[], rows: readonly Cell[][]): string {
  const quote = (v: Cell) => {
    if (v === null) return '';
    return /[",\r\n]/.test(v) || /^\s|\s$/.test(v) ? `"${v.replace(/"/g, '""')}"` : v;
  };
  return [columns.join(','), ...rows.map((r) => r.map(quote).join(','))].join('\r\n') + '\r\n';
}

export function toTable(columns: readonly string[], rows: readonly Cell[][], rightAligned: ReadonlySet<string> = new Set()): string {
  const text = rows.map((r) => r.map((v) => v ?? ''));
  const widths = columns.map((c, i) => Math.max(c.length, ...text.map((r) => (r[i] ?? '').length)));
  const line = (cells: readonly string[]) =>
    cells
      .map((v, i) => (rightAligned.has(columns[i]!) ? v.padStart(widths[i]!) : v.padEnd(widths[i]!)))
      .join('  ')
      .trimEnd();
  return [line(columns), line(widths.map((w) => '-'.repeat(w))), ...text.map(line)].join('\n') + '\n';
}
