/** The finance views' row types, part of the one Database interface (database.ts). */
import type { MismatchStatus, Money } from './column-types.ts';

export interface OpenMismatchesView {
  /** The account (accounts.id, or default) the row belongs to. */
  account_id: string;
  id: string;
  kind: string;
  status: MismatchStatus;
  site: string;
  currency: string | null;
  business_date: string;
  external_reference: string | null;
  order_id: string | null;
  mp_payment_id: string | null;
  expected_amount: Money | null;
  actual_amount: Money | null;
  difference: Money | null;
  first_seen_at: Date;
  last_seen_at: Date;
  details: unknown;
  assignee: string | null;
  latest_note: string | null;
}

/** v_settled_payments (migration 0004): SETTLEMENT rows with their matched order and open-mismatch flag. */
export interface SettledPaymentsView {
  /** The account (accounts.id, or default) the row belongs to. */
  account_id: string;
  id: string;
  site: string;
  currency: string | null;
  booked_at: Date;
  external_reference: string | null;
  mp_payment_id: string | null;
  order_id: string | null;
  amount: Money;
  report_file_id: string;
  report_file_name: string;
  line: number;
  in_open_mismatch: boolean;
}

/** v_open_mismatch_provenance (migration 0004): report file, line and runs of each open mismatch. */
export interface OpenMismatchProvenanceView {
  /** The account (accounts.id, or default) the row belongs to. */
  account_id: string;
  id: string;
  report_file_id: string | null;
  report_file_name: string | null;
  report_kind: string | null;
  line: number | null;
  first_seen_run: string;
  last_seen_run: string;
}

/** v_daily_cash (migration 0005): the available balance day by day, from the release reports. */
export interface DailyCashView {
  /** The account (accounts.id, or default) the row belongs to. */
  account_id: string;
  site: string;
  currency: string;
  business_date: string;
  opening: Money | null;
  credits: Money;
  debits: Money;
  holds: Money;
  payouts: Money;
  closing: Money | null;
  reported_closing: Money | null;
  balances: boolean | null;
}
