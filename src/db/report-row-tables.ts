/** The report-row tables, LIST-partitioned by account (migration 2026-12-01-0060); part of the one Database interface (database.ts). */
import type { Generated, GeneratedAlways } from 'kysely';
import type { Json, Money, Timestamp } from './column-types.ts';

export interface MpSettlementRowsTable {
  /** The account the row belongs to (accounts.id, or default). */
  account_id: string;
  id: Generated<string>;
  report_file_id: string;
  line: number;
  natural_key: string;
  occurrence: number;
  booked_at: Timestamp;
  external_reference: string | null;
  source_id: string | null;
  user_id: string | null;
  site: string | null;
  transaction_type: string;
  payment_method: string | null;
  payment_method_type: string | null;
  transaction_amount: Money;
  transaction_currency: string | null;
  transaction_date: Timestamp | null;
  fee_amount: Money | null;
  settlement_net_amount: Money | null;
  settlement_currency: string | null;
  settlement_date: Timestamp | null;
  real_amount: Money | null;
  coupon_amount: Money | null;
  mkp_fee_amount: Money | null;
  financing_fee_amount: Money | null;
  shipping_fee_amount: Money | null;
  taxes_amount: Money | null;
  installments: string | null;
  order_id: string | null;
  pack_id: string | null;
  money_release_date: Timestamp | null;
  description: string | null;
  extra: Json;
}

export interface MpReleaseRowsTable {
  /** The account the row belongs to (accounts.id, or default). */
  account_id: string;
  id: Generated<string>;
  report_file_id: string;
  line: number;
  natural_key: string;
  occurrence: number;
  booked_at: Timestamp | null;
  source_id: string | null;
  external_reference: string | null;
  record_type: string | null;
  description: string | null;
  net_credit_amount: Money | null;
  net_debit_amount: Money | null;
  gross_amount: Money | null;
  mp_fee_amount: Money | null;
  financing_fee_amount: Money | null;
  shipping_fee_amount: Money | null;
  taxes_amount: Money | null;
  coupon_amount: Money | null;
  balance_amount: Money | null;
  extra: Json;
  /** Migration 0005: CURRENCY, TRANSACTION_APPROVAL_DATE and ids, when the file has those columns. */
  currency: string | null;
  approved_at: Timestamp | null;
  payment_method: string | null;
  payment_method_type: string | null;
  order_id: string | null;
  refund_id: string | null;
  /** Computed by the database (test/helpers/release-row-class.ts has the TS twin). RECORD_TYPE lower-cased. */
  record_kind: GeneratedAlways<string | null>;
  /** The DESCRIPTION MP meant (full name when cut at 30 characters; pre_payout without the id). */
  description_code: GeneratedAlways<string | null>;
  /** Cash role: opening | movement | hold | payout | subtotal | total | balance_info | unknown. */
  row_class: GeneratedAlways<string>;
  is_hold: GeneratedAlways<boolean>;
  /** Payout / withdrawal id of payout rows (SOURCE_ID) and of available_balance rows (from DESCRIPTION). */
  payout_id: GeneratedAlways<string | null>;
}
