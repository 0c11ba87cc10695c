/**
 * Renders report rows the way MP writes files: UTF-8, a header line, RFC 4180 quoting only where needed
 * (separator, quote, CR or LF in the cell) unless forced for JSON-ish columns, a trailing line break,
 * and the BOM / CRLF quirks. Amounts are written with the currency's decimals and a leading `-`.
 */
import { Decimal } from 'decimal.js';

export interface CsvStyle {
  readonly separator: string;
  readonly crlf: boolean;
  readonly bom: boolean;
  /** Column keys whose cells are always quoted. */
  readonly alwaysQuote: ReadonlySet<string>;
}

export type CsvRow = Readonly<Record<string, string>>;

export function renderCsv(keys: readonly string[], header: readonly string[], rows: readonly CsvRow[], style: CsvStyle): Buffer {
  const eol = style.crlf ? '\r\n' : '\n';
  const lines = [header.map((h) => quoteCell(h, style.separator, false)).join(style.separator)];
  for (const row of rows) {
    lines.push(keys.map((k) => quoteCell(row[k] ?? '', style.separator, style.alwaysQuote.has(k))).join(style.separator));
  }
  const text = lines.join(eol) + eol;
  return Buffer.from(style.bom ? `\uFEFF${text}` : text, 'utf8');
}

export function quoteCell(value: string, separator: string, force: boolean): string {
  if (force || value.includes(separator) || /["\r\n]/.test(value)) return `"${value.replace(/"/g, '""')}"`;
  return value;
}

/** `-8.85`, `1500` for 0 decimals; never `-0.00`. */
export function formatAmount(value: Decimal, decimals: number): string {
  const fixed = value.toDecimalPlaces(decimals, Decimal.ROUND_HALF_UP);
  return (fixed.isZero() ? new Decimal(0) : fixed).toFixed(decimals);
}
