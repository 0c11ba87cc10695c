/**
 * Writes CSV the way MP writes report files: UTF-8, a header line, RFC 4180 quoting only where needed
 * (separator, quote, CR or LF in the cell) unless forced for JSON-ish columns, every line terminated,
 * and the separator, BOM and CRLF each explicit, because exactly those differences are what a parser
 * of MP files must detect. The simulator's reports, the sample files and the benchmark's files all
 * come out of here.
 */

export interface CsvStyle {
  readonly separator: string;
  readonly crlf: boolean;
  readonly bom: boolean;
  /** Column keys whose cells are always quoted. */
  readonly alwaysQuote: ReadonlySet<string>;
}

export type CsvRow = Readonly<Record<string, string>>;

/** `,`, LF, no BOM, nothing forced: the merchant-side exports. */
export const PLAIN: CsvStyle = { separator: ',', crlf: false, bom: false, alwaysQuote: new Set() };

/** Per one-character separator, the characters that make a cell need quotes: one scan per cell. */
const NEEDS_QUOTES = new Map<string, RegExp>();

function needsQuotes(value: string, separator: string): boolean {
  if (separator.length !== 1) return value.includes(separator) || /["\r\n]/.test(value);
  let re = NEEDS_QUOTES.get(separator);
  if (!re) {
    re = new RegExp(`["\r\n${separator.replace(/[\\\]^-]/, '\\$&')}]`);
    NEEDS_QUOTES.set(separator, re);
  }
  return re.test(value);
}

export function quoteCell(value: string, separator: string, force: boolean): string {
  if (force || needsQuotes(value, separator)) return `"${value.replace(/"/g, '""')}"`;
  return value;
}

/** One line (without its line break); `forced` says which columns are always quoted. */
export function csvLine(values: readonly string[], separator: string, forced?: (column: number) => boolean): string {
  // A plain loop: the benchmark writes a million of these.
  let line = '';
  for (let i = 0; i < values.length; i++) line += (i ? separator : '') + quoteCell(values[i] ?? '', separator, forced?.(i) ?? false);
  return line;
}

export function eolOf(style: CsvStyle): string {
  return style.crlf ? '\r\n' : '\n';
}

/** A whole file of keyed rows: `keys` pick and order the cells, `header` labels them. */
export function renderCsv(keys: readonly string[], header: readonly string[], rows: readonly CsvRow[], style: CsvStyle): Buffer {
  const forced = (i: number) => style.alwaysQuote.has(keys[i] ?? '');
  const table = rows.map((row) => keys.map((k) => row[k] ?? ''));
  return Buffer.from(renderTable(header, table, style, forced), 'utf8');
}

/** A whole file of positional rows. */
export function renderTable(
  header: readonly string[],
  rows: readonly (readonly string[])[],
  style: CsvStyle,
  forced: (column: number) => boolean = () => false,
): string {
  const eol = eolOf(style);
  const lines = [csvLine(header, style.separator), ...rows.map((r) => csvLine(r, style.separator, forced))];
  return (style.bom ? '\uFEFF' : '') + lines.join(eol) + eol;
}
