/**
 * Minimal RFC 4180 writer. Each file flavour (separator, line ending, BOM) is explicit because the
 * point of the samples is to exercise the parser's detection of exactly those differences.
 */
export interface CsvStyle {
  readonly separator: ',' | ';';
  readonly eol: '\n' | '\r\n';
  readonly bom: boolean;
}

export const PLAIN: CsvStyle = { separator: ',', eol: '\n', bom: false };

/** Quotes a cell only when it must be quoted (or when `force` asks, as MP does for JSON-ish cells). */
export function cell(value: string, separator: string, force = false): string {
  if (force || value.includes(separator) || /["\r\n]/.test(value)) return `"${value.replaceAll('"', '""')}"`;
  return value;
}

/** Header plus rows, every line terminated (MP files end with a newline). */
export function renderCsv(
  header: readonly string[],
  rows: readonly (readonly string[])[],
  style: CsvStyle,
  forceQuote: (column: number) => boolean = () => false,
): string {
  const line = (values: readonly string[], quoteRule: (column: number) => boolean) =>
    values.map((v, i) => cell(v, style.separator, quoteRule(i))).join(style.separator) + style.eol;
  const body = [line(header, () => false), ...rows.map((r) => line(r, forceQuote))].join('');
  return (style.bom ? '\uFEFF' : '') + body;
}
