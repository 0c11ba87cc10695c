/**
 * Switches for what MP's documentation leaves open (§10 of docs mercadopago-api.md) and for file quirks
 * seen in the wild. Defaults follow the conventions in design.md; tests flip them to prove the engine
 * copes either way. Set with startSimulator({ quirks }), SimState.setQuirks or POST /__sim/quirks.
 */
import { fail } from './http-io.ts';

export interface SimQuirks {
  /** UTF-8 BOM at the start of report files (MP's real export had none). */
  bom: boolean;
  /** CRLF line endings instead of LF. */
  crlf: boolean;
  /** Quote METADATA / TAXES_DISAGGREGATED cells even when RFC 4180 does not require it (`"[{}]"`). */
  quoteJsonCells: boolean;
  /** Columns appended to every file with empty values, as when MP adds a column without notice. */
  extraColumns: string[];
  /** Whether a movement exactly at end_date is in the report. */
  rangeEnd: 'exclusive' | 'inclusive';
  /** A range over 60 days: 400 or 203. */
  over60Days: 'bad_request' | 'not_created';
  /** Whether list shows a provisional file_name while the task is still pending. */
  fileNameWhilePending: boolean;
  listOrder: 'newest_first' | 'oldest_first';
  /** Whether list honours limit/offset. */
  listPagination: boolean;
  /**
   * `reference`: list items as the API reference shows them (with `status`); `guide`: as the reports
   * guide's older example (id, user_id, begin_date, end_date, file_name once ready, created_from,
   * date_created — no status unless the task failed).
   */
  listShape: 'reference' | 'guide';
  /** Whether create's 202 answer carries the task id (the guide does not promise it). */
  createAnswersId: boolean;
  /** Whether report_translation changes the headers to `Label (KEY)`. */
  translatedHeaders: boolean;
  /** Sign of REFUND / CHARGEBACK / DISPUTE amounts in the settlement report. */
  reversalSign: 'negative' | 'positive';
  /** `included`: MKP_FEE_AMOUNT is informational and inside FEE_AMOUNT; `additive`: FEE_AMOUNT excludes it. */
  mkpFee: 'included' | 'additive';
  /** REAL_AMOUNT of a SETTLEMENT row: its own net, or net of the payment's later reversals. */
  realAmount: 'net' | 'net_of_reversals';
  /** Settlement rows by SETTLEMENT_DATE ascending, or descending as in one real export. */
  settlementOrder: 'asc' | 'desc';
  /** Status for GET .../{numeric task id} instead of a file name (observed 403). */
  numericIdDownload: 403 | 404;
  /** Creating a report before its config exists: use a default config, or answer 404. */
  missingConfig: 'defaults' | 'not_found';
  /** Reject config columns that are not in the documented key lists. */
  validateColumns: boolean;
  /** Release reports: subtotal rows (per RECORD_TYPE) before the total row. */
  releaseSubtotals: boolean;
  /** Release reports: DESCRIPTION cut at 30 characters, as MP does (`reserve_for_bpp_shipping_retur`). */
  truncatedDescriptions: boolean;
}

export const DEFAULT_QUIRKS: Readonly<SimQuirks> = Object.freeze({
  bom: false,
  crlf: false,
  quoteJsonCells: false,
  extraColumns: [],
  rangeEnd: 'exclusive',
  over60Days: 'bad_request',
  fileNameWhilePending: false,
  listOrder: 'newest_first',
  listPagination: true,
  listShape: 'reference',
  createAnswersId: true,
  translatedHeaders: true,
  reversalSign: 'negative',
  mkpFee: 'included',
  realAmount: 'net',
  settlementOrder: 'asc',
  numericIdDownload: 403,
  missingConfig: 'defaults',
  validateColumns: true,
  releaseSubtotals: false,
  truncatedDescriptions: false,
});

const CHOICES: Partial<Record<keyof SimQuirks, readonly unknown[]>> = {
  rangeEnd: ['exclusive', 'inclusive'],
  over60Days: ['bad_request', 'not_created'],
  listOrder: ['newest_first', 'oldest_first'],
  listShape: ['reference', 'guide'],
  reversalSign: ['negative', 'positive'],
  mkpFee: ['included', 'additive'],
  realAmount: ['net', 'net_of_reversals'],
  settlementOrder: ['asc', 'desc'],
  numericIdDownload: [403, 404],
  missingConfig: ['defaults', 'not_found'],
};

/** Checks a partial quirk set (unknown keys and wrong values are a 400). */
export function parseQuirks(input: unknown): Partial<SimQuirks> {
  if (input === null || typeof input !== 'object' || Array.isArray(input)) fail(400, 'bad_request', 'Quirks must be a JSON object.');
  const out: Record<string, unknown> = {};
  for (const [key, value] of Object.entries(input)) {
    if (!(key in DEFAULT_QUIRKS)) fail(400, 'bad_request', `Unknown quirk '${key}'; known: ${Object.keys(DEFAULT_QUIRKS).join(', ')}.`);
    const k = key as keyof SimQuirks;
    const choices = CHOICES[k];
    const fallback = DEFAULT_QUIRKS[k];
    const ok = choices
      ? choices.includes(value)
      : Array.isArray(fallback)
        ? Array.isArray(value) && value.every((v) => typeof v === 'string' && /^[A-Z0-9_]+$/.test(v))
        : typeof value === typeof fallback;
    if (!ok) fail(400, 'bad_request', `Quirk '${key}' cannot be ${JSON.stringify(value)}${choices ? `; use one of ${choices.join(', ')}` : ''}.`);
    out[key] = Array.isArray(value) ? [...(value as string[])] : value;
  }
  return out as Partial<SimQuirks>;
}
