/**
 * What a release-report row does to the available balance, from its RECORD_TYPE and DESCRIPTION
 * (mercadopago-api.md §3.2). Recognition is by prefix, so it survives what MP does to these values:
 * case and spaces, DESCRIPTION cut at 30 characters (`reserve_for_bpp_shipping_retur`), payout ids
 * appended (`pre_payout_99336983700`), jurisdictions appended (`tax_iibb_caba`).
 *
 * The database holds the twin of this module: the SQL functions `release_description_code` and
 * `release_row_class` of migration 2026-11-27-0005-release, behind the generated columns of
 * mp_release_rows that every query and v_daily_cash read. test/release.parse.test.ts checks that both
 * give the same answer for every known value, its truncations and random text; change both together
 * (a new migration replaces the functions and recomputes the columns).
 */

/** The cash role of a row: what it does to the available balance. */
export type ReleaseRowClass =
  /** initial_available_balance: the balance when the file's period opens. */
  | 'opening'
  /** Money in or out for good: payments, refunds, chargebacks, fees, taxes, shipping. */
  | 'movement'
  /** Money moved into or out of a hold: block/unblock/fullblock, reserve_for_*, dispute. */
  | 'hold'
  /** Money sent to the seller's bank (payout, withdrawal) or coming back from a failed transfer. */
  | 'payout'
  /** Summary rows: they repeat other rows and never move money. */
  | 'subtotal'
  | 'total'
  /** available_balance pre/pos payout or withdrawal: the balance shown around a payout, informative. */
  | 'balance_info'
  /** A RECORD_TYPE MP has not documented: kept, counted nowhere, so a day it moves money does not balance. */
  | 'unknown';

export const RECORD_TYPES = [
  'initial_available_balance',
  'release',
  'block',
  'unblock',
  'fullblock',
  'subtotal',
  'total',
  'available_balance',
] as const;

/** MP truncates DESCRIPTION at this many characters. */
export const DESCRIPTION_LIMIT = 30;

/** Every DESCRIPTION value MP documents or that was seen in real files (§3.2), as MP spells them. */
export const KNOWN_DESCRIPTIONS: readonly string[] = [
  // release
  'payment', 'withdrawal', 'refund', 'chargeback', 'mediation', 'mediation_cancel', 'shipping', 'shipping_cancel',
  'tax_withdholding', 'tax_withdholding_cancel', 'tax_payment_ibcf', 'tax_payment_ibcf_cancel', 'tax_payment_ibex',
  'tax_payment_iibb', 'tax_payment_iibb_cancel', 'tax_iva', 'tax_iva_cre', 'tax_credit_debit',
  'tax_withholding_payer', 'tax_withholding_collector', 'tax_withholding_payout', 'tax_withholding_shipping',
  'fee_release_in_advance', 'asset_management_gain', 'asset_management_loss', 'payout', 'credit_payment', 'cashback',
  // block / unblock / fullblock
  'dispute', 'shipping_return', 'reserve_for_payment', 'reserve_for_debt_payment', 'reserve_for_refund',
  'reserve_for_bpp_shipping_return', 'reserve_for_cbk_cross_recovery', 'reserve_for_embargo_invested', 'restriction',
  'judgment_bacen', 'fraud', 'trava_de_recibibles',
  // subtotal
  'release', 'block', 'unblock',
];

/** Descriptions that only ever name a retention: under RECORD_TYPE release they are holds too. */
const HOLD_DESCRIPTIONS = new Set(['dispute', 'shipping_return', 'restriction', 'judgment_bacen', 'fraud', 'trava_de_recibibles']);
const HOLD_PREFIX = 'reserve_for_';
const PAYOUT_PREFIXES = ['payout', 'withdrawal'];
const BALANCE_INFO = /^(?:pre|pos)_(?:payout|withdrawal)_/;

/** Known descriptions longer than MP's limit: the only ones a 30-character value may stand for. */
export const TRUNCATABLE_DESCRIPTIONS: readonly string[] = KNOWN_DESCRIPTIONS.filter((d) => d.length > DESCRIPTION_LIMIT);

/** Spaces, tabs and line breaks around the value go, then case (the SQL twin: lower(btrim(v, E' \t\r\n'))). */
function normalise(value: string | null | undefined): string {
  return (value ?? '').replace(/^[ \t\r\n]+|[ \t\r\n]+$/g, '').toLowerCase();
}

/**
 * The description a value stands for: the full name when MP cut it at 30 characters, `pre_payout` (and
 * the like) without the payout id, otherwise the value itself, lower-cased. Null when empty.
 */
export function descriptionCode(description: string | null | undefined): string | null {
  const d = normalise(description);
  if (d === '') return null;
  const info = BALANCE_INFO.exec(d);
  if (info) return info[0].slice(0, -1);
  if (d.length === DESCRIPTION_LIMIT) {
    const full = TRUNCATABLE_DESCRIPTIONS.find((k) => k.slice(0, DESCRIPTION_LIMIT) === d);
    if (full) return full;
  }
  return d;
}

/** The row's cash role: by RECORD_TYPE, and for `release` rows by DESCRIPTION's prefix. */
export function releaseRowClass(recordType: string | null | undefined, description: string | null | undefined): ReleaseRowClass {
  switch (normalise(recordType)) {
    case 'initial_available_balance':
      return 'opening';
    case 'total':
      return 'total';
    case 'subtotal':
      return 'subtotal';
    case 'available_balance':
      return 'balance_info';
    case 'block':
    case 'unblock':
    case 'fullblock':
      return 'hold';
    case 'release': {
      const d = normalise(description);
      if (PAYOUT_PREFIXES.some((p) => d.startsWith(p))) return 'payout';
      if (d.startsWith(HOLD_PREFIX) || HOLD_DESCRIPTIONS.has(d)) return 'hold';
      return 'movement';
    }
    default:
      return 'unknown';
  }
}
