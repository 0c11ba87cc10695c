/**
 * The longest text mp-recon stores per column, in characters. Ids and references are indexed, and a
 * btree entry holds at most about 2.7 KB (2704 bytes): a longer value would abort the whole file. 256
 * characters (at most 1 KB in UTF-8) is Mercado Pago's own limit for external_reference and far above
 * any id it issues. Free text (DESCRIPTION) is not indexed; it is capped at 1024 so one cell cannot
 * bloat a row. A longer cell rejects its row with FIELD_TOO_LONG; the file goes on. The SQL ingest path
 * applies the same limits from here.
 */
export const ID_MAX_CHARS = 256;
export const TEXT_MAX_CHARS = 1024;

/** Report columns (technical keys) that hold free text rather than an id, a code or a reference. */
export const FREE_TEXT_KEYS: ReadonlySet<string> = new Set(['DESCRIPTION']);

/** The limit for a report column, by its technical key (every other text column is an id or a code). */
export function maxCharsOfReportKey(key: string): number {
  return FREE_TEXT_KEYS.has(key) ? TEXT_MAX_CHARS : ID_MAX_CHARS;
}
