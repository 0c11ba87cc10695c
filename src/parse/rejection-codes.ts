/**
 * Every code a report row can be rejected with, as `rejected_rows.code` stores it, and the message each
 * one carries: the parser's single vocabulary for bad rows. The codes are stable (finance filters on
 * them and docs/bad-input.md lists them); add one here, never as a bare string where a row is refused.
 * Internal files (src/merchant-files/) report the same problems with the same words, prefixed by the code.
 * The SQL fast path (src/ingest/raw-stage.ts) rejects nothing itself: a row it cannot vouch for sends the
 * file to the parser, which names it with a code from here.
 */
import type { CsvErrorCode } from 'csv-parse';

const EXAMPLE_TIMESTAMP = '2026-11-01T10:00:00.000-03:00';

/** Message templates by code; a code with several situations has one template per situation. */
export const REJECTIONS = {
  /** A quote opened on the line is never closed (the record would swallow the rest of the file). */
  CSV_QUOTE_NOT_CLOSED: () => 'a quoted field opened on this line is never closed',
  /** The line is not exactly one CSV record (csv-parse's own codes pass through with `csvQuoting`). */
  CSV_MALFORMED: () => 'the line does not hold exactly one CSV record',
  ROW_COLUMN_COUNT: (fields: number, width: number) => `the row has ${fields} fields but the header has ${width}`,
  MISSING_VALUE: (key: string) => `${key} is empty`,
  /** A row none of whose date columns has a value: it belongs to no business date. */
  MISSING_DATE: (keys: readonly string[]) => `${keys.join(' and ')} are all empty: the row cannot be placed on a day`,
  FIELD_TOO_LONG: (column: string, length: number, max: number) => `${column} is ${length} characters long; the limit is ${max}`,
  AMOUNT_INVALID: (cell: string) => `'${cell}' is not an amount (expected digits with an optional sign and decimals, like -1234.56)`,
  AMOUNT_AMBIGUOUS: (cell: string) => `amount '${cell}' could be read as a decimal or as a grouped thousand, and no earlier amount in this file settles which`,
  AMOUNT_MIXED_STYLE: (cell: string, style: string, fileStyle: string) =>
    `amount '${cell}' is written with ${style}, but earlier amounts in this file use ${fileStyle}`,
  AMOUNT_SCALE: (column: string, amount: string, currency: string, decimals: number) =>
    `${column} '${amount}' has more decimals than ${currency} allows (${decimals}); only zeros may follow`,
  TIMESTAMP_NO_OFFSET: (cell: string) => `timestamp '${cell}' has no UTC offset (expected e.g. ${EXAMPLE_TIMESTAMP})`,
  TIMESTAMP_INVALID: (cell: string) => `'${cell}' is not an ISO 8601 timestamp with offset (expected e.g. ${EXAMPLE_TIMESTAMP})`,
  /** TIMESTAMP_INVALID, when the form is right but the date or time does not exist (Feb 30, 25:00). */
  TIMESTAMP_NOT_REAL: (cell: string) => `'${cell}' is not a real date and time`,
  /** TIMESTAMP_INVALID, when the offset is beyond ±14:59. */
  TIMESTAMP_BAD_OFFSET: (cell: string) => `'${cell}' has an impossible UTC offset`,
} as const;

type Template = keyof typeof REJECTIONS;

/** Templates stored under another template's code: one code, several situations. */
const STORED_AS = { MISSING_DATE: 'MISSING_VALUE', TIMESTAMP_NOT_REAL: 'TIMESTAMP_INVALID', TIMESTAMP_BAD_OFFSET: 'TIMESTAMP_INVALID' } as const;

/** The codes mp-recon itself writes, and those csv-parse reports for a malformed quoted record. */
export type OwnRejectionCode = Exclude<Template, keyof typeof STORED_AS>;
export type RejectionCode = OwnRejectionCode | CsvErrorCode;

type CodeOf<T extends Template> = T extends keyof typeof STORED_AS ? (typeof STORED_AS)[T] : T;

export interface Rejection<C extends RejectionCode = RejectionCode> {
  readonly code: C;
  readonly message: string;
}

/** The code and message of one rejection, e.g. `rejection('FIELD_TOO_LONG', 'SOURCE_ID', 300, 256)`. */
export function rejection<T extends Template>(template: T, ...args: Parameters<(typeof REJECTIONS)[T]>): Rejection<CodeOf<T>> {
  const message = (REJECTIONS[template] as (...a: typeof args) => string)(...args);
  const code = (template in STORED_AS ? STORED_AS[template as keyof typeof STORED_AS] : template) as CodeOf<T>;
  return { code, message };
}

/** A quoted record csv-parse refused: its own code is stored (CSV_INVALID_CLOSING_QUOTE and the like). */
export function csvQuoting(code: CsvErrorCode | 'CSV_MALFORMED'): Rejection {
  return { code, message: `malformed CSV quoting (${code})` };
}

/** How an internal file's problem reads: the code first, as in `FIELD_TOO_LONG: order_id is ...`. */
export function withCode(r: Rejection): string {
  return `${r.code}: ${r.message}`;
}
