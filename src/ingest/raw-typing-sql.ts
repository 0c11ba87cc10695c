/**
 * SQL twins of the Node parser's cell rules (src/parse/parse-report.ts, amount.ts, timestamp.ts), for
 * the raw-COPY fast path: each typed column of a report as an expression over the raw text column it
 * came from, and one "plain" test per row. The test is deliberately narrower than the Node parser: a
 * row passes only when its cells are in the form Mercado Pago writes, where Postgres's casts and the
 * Node parser give the same value. A file with any row outside that form is read by the Node parser
 * instead, so nothing the fast path stores can differ from what the parser would have stored.
 *
 * The checks avoid regular expressions where they can (measured: an anchored regex with counted
 * repetitions costs ~3 µs a cell on Postgres 15, LIKE and translate() a fraction of that).
 */
import type { FieldSpec } from '../parse/report-schema.ts';

/** The characters JavaScript's String.prototype.trim removes, which the Node parser trims from every cell. */
export const JS_TRIM_CHARS = `E' \\t\\n\\u000b\\f\\r\\u00a0\\u1680\\u2000\\u2001\\u2002\\u2003\\u2004\\u2005\\u2006\\u2007\\u2008\\u2009\\u200a\\u2028\\u2029\\u202f\\u205f\\u3000\\ufeff'`;

/**
 * Amounts as MP writes them: digits, an optional minus, and at most `scale` decimals (more only when
 * the extra ones are zeros). This also leaves out every form the Node parser reads in context (`1.234`
 * with three decimals could be a grouped thousand), and every form only Postgres accepts (`1e5`, `.5`,
 * `NaN`, `1_000`).
 */
export function amountPattern(scale: number): string {
  // Optional digits spelled out: counted repetitions ({1,2}) make Postgres's regex engine much slower.
  const decimals = scale === 0 ? '(\\.0+)?' : `(\\.[0-9]${'[0-9]?'.repeat(scale - 1)}0*)?`;
  return `-?[0-9]+${decimals}`;
}

/**
 * A timestamp as MP writes it (`2026-11-01T10:00:00.000-03:00`, or with `Z`): date and time at fixed
 * places, up to 6 fraction digits, an offset of at most 14 hours. Hour 24 and second 60, which
 * Postgres accepts and the Node parser refuses, are ruled out here.
 */
export function plainTimestampSql(cell: string): string {
  const skeleton = `translate(${cell}, '0123456789', '')`;
  return `(${cell} like '____-__-__T__:__:__%'
    and substr(${cell}, 12, 2) <= '23' and substr(${cell}, 18, 2) <= '59'
    and (  (${skeleton} in ('--T::.-:', '--T::.+:') and length(${cell}) between 27 and 32 and substr(${cell}, 20, 1) = '.')
        or (${skeleton} in ('--T::-:', '--T::+:') and length(${cell}) = 25)
        or (${skeleton} = '--T::.Z' and length(${cell}) between 22 and 26 and substr(${cell}, 20, 1) = '.')
        or (${skeleton} = '--T::Z' and length(${cell}) = 20))
    and (right(${cell}, 1) = 'Z' or substr(${cell}, length(${cell}) - 4, 2) <= '14'))`;
}

/**
 * The typed value of one schema field read from raw column `cell` (null when the file lacks the
 * column). Text is put in Unicode NFC, as the parser does, when the file has any non-ASCII byte.
 */
export function typedValueSql(field: FieldSpec, cell: string | undefined, normalize = false): string {
  const sqlType = { text: 'text', amount: 'numeric', timestamp: 'timestamptz' } as const;
  if (cell === undefined) return `null::${sqlType[field.type]}`;
  if (field.type === 'text') {
    const trimmed = `nullif(btrim(${cell}, ${JS_TRIM_CHARS}), '')`;
    return normalize ? `normalize(${trimmed}, NFC)` : trimmed;
  }
  return `nullif(${cell}, '')::${sqlType[field.type]}`;
}

/**
 * The row test for one field. Amount cells are tested together (one regex per row over all of them,
 * see plainAmountsSql); text cells need no test but their not-null rule.
 */
export function plainFieldSql(field: FieldSpec, cell: string | undefined): string | undefined {
  if (cell === undefined) return field.notNull ? 'false' : undefined;
  const empty = `coalesce(${cell}, '') = ''`;
  if (field.type === 'text') return field.notNull ? `btrim(coalesce(${cell}, ''), ${JS_TRIM_CHARS}) <> ''` : undefined;
  if (field.type === 'timestamp') return field.notNull ? `(not ${empty} and ${plainTimestampSql(cell)})` : `(${empty} or ${plainTimestampSql(cell)})`;
  return field.notNull ? `not ${empty}` : undefined;
}

/**
 * One anchored regex over the row's amount cells joined by line breaks (an empty cell is an empty
 * alternative). No cell of a fast-path file holds a line break (survey-file.ts), so no cell can pass as
 * two amounts.
 */
export function plainAmountsSql(cells: readonly string[], scale: number): string | undefined {
  if (cells.length === 0) return undefined;
  const one = amountPattern(scale);
  return `concat_ws(E'\\n', ${cells.map((c) => `coalesce(${c}, '')`).join(', ')}) ~ E'^(${one.replaceAll('\\', '\\\\')})?(\\n(${one.replaceAll('\\', '\\\\')})?)*$'`;
}
