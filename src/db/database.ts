/**
 * One Kysely Database interface for every table and view. pg returns numeric and int8 as strings, so
 * money and counts are `string` here and become Decimal in code; timestamptz comes back as Date.
 */
import type { ColumnType, Generated } from 'kysely';
import type { DateOnly, FileEncoding, Json, MismatchStatus, Money, Timestamp } from './column-types.ts';
import type { DailyCashView, OpenMismatchesView, OpenMismatchProvenanceView, SettledPaymentsView } from './views.ts';
import type { ReportRequestsTable, ReportTasksTable } from './acquire-tables.ts';
import type { AccountsTable } from './account-tables.ts';
import type { MpReleaseRowsTable, MpSettlementRowsTable } from './report-row-tables.ts';
import type { LoginFailuresTable, UserEventsTable, UsersTable, WebSessionsTable } from './web-tables.ts';

export type { AccountsTable } from './account-tables.ts';
export type { MpReleaseRowsTable, MpSettlementRowsTable } from './report-row-tables.ts';
export type { ReportRequestsTable, ReportTasksTable } from './acquire-tables.ts';

export type { DailyCashView, OpenMismatchesView, OpenMismatchProvenanceView, SettledPaymentsView } from './views.ts';
export type { LoginFailuresTable, UserEventsTable, UserRole, UsersTable, WebSessionsTable } from './web-tables.ts';

export interface OrdersTable {
  /** The account the row belongs to (accounts.id, or default). */
  account_id: string;
  order_id: string;
  external_reference: string | null;
  site: string;
  currency: string;
  amount: Money;
  status: 'pending' | 'paid' | 'cancelled' | 'refunded' | 'partially_refunded';
  created_at: Timestamp;
  paid_at: Timestamp | null;
  mp_merchant_order_id: string | null;
  updated_at: Generated<Date>;
  /** Migration 2026-11-30-0030: when the contingency search last asked MP about it; null = never. */
  last_synced_at: Generated<Date | null>;
  /** `stale`: pending beyond the search window, no longer searched. */
  sync_state: Generated<'active' | 'stale'>;
}

export interface OrderPaymentsTable {
  /** The account the row belongs to (accounts.id, or default). */
  account_id: string;
  mp_payment_id: string;
  order_id: string;
  amount: Money;
  currency: string;
  status: string;
  approved_at: Timestamp | null;
  source: Generated<'import' | 'notification' | 'search'>;
  updated_at: Generated<Date>;
  /** MP's transaction_amount_refunded (migration 0003); 0 for imported payments. */
  amount_refunded: Generated<Money>;
  mp_merchant_order_id: Generated<string | null>;
}

export interface RefundsTable {
  /** The account the row belongs to (accounts.id, or default). */
  account_id: string;
  refund_id: string;
  order_id: string;
  mp_payment_id: string | null;
  mp_refund_id: string | null;
  amount: Money;
  currency: string;
  status: 'requested' | 'approved' | 'rejected';
  created_at: Timestamp;
  updated_at: Generated<Date>;
  /** Migration 0003: why (refund command), who made it, the X-Idempotency-Key sent, the last failure. */
  reason: Generated<string | null>;
  origin: Generated<'import' | 'command' | 'mercadopago'>;
  idempotency_key: Generated<string | null>;
  last_error: Generated<string | null>;
}

export type NotificationStatus = 'received' | 'processed' | 'failed' | 'ignored' | 'rejected';

/** notifications (migration 0003): what Mercado Pago delivered to the receiver, and its processing. */
export interface NotificationsTable {
  /** The account the notification's user_id routed it to; null when no account has that user. */
  account_id: string | null;
  id: Generated<string>;
  dedupe_key: string;
  channel: 'ipn' | 'webhook';
  topic: string;
  resource_id: string | null;
  action: string | null;
  query: Json;
  body: ColumnType<unknown, string | null, string | null>;
  request_id: string | null;
  signature_valid: boolean | null;
  status: Generated<NotificationStatus>;
  deliveries: Generated<number>;
  attempts: Generated<number>;
  received_at: Timestamp;
  last_received_at: Timestamp;
  next_attempt_at: Timestamp | null;
  processed_at: Timestamp | null;
  last_error: string | null;
}

export type ReportFileStatus = 'ingested' | 'rejected' | 'retracted';

export interface ReportFilesTable {
  /** The account the row belongs to (accounts.id, or default). */
  account_id: string;
  id: Generated<string>;
  kind: 'settlement' | 'release';
  file_name: string;
  sha256: string;
  bytes: string | number;
  site: string;
  covers_from: DateOnly;
  covers_to: DateOnly;
  covered_start: Timestamp;
  covered_end: Timestamp;
  separator: string;
  header_style: string;
  number_style: string;
  /** `rejected`: no row could be stored (kept for its rejected rows); `retracted`: undone by `files retract`. Only `ingested` files cover days. */
  status: Generated<ReportFileStatus>;
  /** The encoding the file was read in: MP writes UTF-8; a file that is not valid UTF-8 is read as Windows-1252. */
  encoding: Generated<FileEncoding>;
  retracted_at: Timestamp | null;
  retract_note: string | null;
  rows_read: Generated<number>;
  rows_stored: Generated<number>;
  rows_duplicate: Generated<number>;
  rows_rejected: Generated<number>;
  ingested_at: Generated<Date>;
}


export interface RejectedRowsTable {
  /** The account the row belongs to (accounts.id, or default). */
  account_id: string;
  id: Generated<string>;
  report_file_id: string;
  line: number;
  code: string;
  message: string;
  raw: string;
}

export type RunStatus = 'running' | 'succeeded' | 'failed';

export interface RunsTable {
  /** The account the row belongs to (accounts.id, or default). */
  account_id: string;
  id: Generated<string>;
  job: string;
  window_from: DateOnly | null;
  window_to: DateOnly | null;
  dry_run: Generated<boolean>;
  status: RunStatus;
  counts: ColumnType<Record<string, unknown>, string | undefined, string>;
  error_code: string | null;
  error_message: string | null;
  started_at: Generated<Date>;
  finished_at: Timestamp | null;
}

export type { FileEncoding, MismatchStatus } from './column-types.ts';

export interface MismatchesTable {
  /** The account the row belongs to (accounts.id, or default). */
  account_id: string;
  id: Generated<string>;
  kind: string;
  subject: string;
  status: Generated<MismatchStatus>;
  site: string;
  currency: string | null;
  business_date: DateOnly;
  external_reference: string | null;
  order_id: string | null;
  mp_payment_id: string | null;
  expected_amount: Money | null;
  actual_amount: Money | null;
  difference: Money | null;
  details: Json;
  report_file_id: string | null;
  line: number | null;
  first_seen_run: string;
  last_seen_run: string;
  first_seen_at: Generated<Date>;
  last_seen_at: Generated<Date>;
  resolved_at: Timestamp | null;
  resolution: string | null;
  /** The latest note a person wrote (every note is kept in mismatch_events). */
  note: string | null;
  /** Migration 0040: who is on it. */
  assignee: Generated<string | null>;
}

export type MismatchAction = 'opened' | 'acknowledged' | 'assigned' | 'commented' | 'resolved' | 'auto_resolved' | 'reopened';

/** mismatch_events (migration 0040): the audit trail; reconcile's events come from triggers, actor mp-recon. */
export interface MismatchEventsTable {
  id: Generated<string>;
  mismatch_id: string;
  at: Generated<Date>;
  actor: string;
  action: MismatchAction;
  note: string | null;
  run_id: string | null;
}

export interface Database {
  accounts: AccountsTable;
  orders: OrdersTable;
  order_payments: OrderPaymentsTable;
  refunds: RefundsTable;
  notifications: NotificationsTable;
  report_files: ReportFilesTable;
  report_requests: ReportRequestsTable;
  report_tasks: ReportTasksTable;
  mp_settlement_rows: MpSettlementRowsTable;
  mp_release_rows: MpReleaseRowsTable;
  rejected_rows: RejectedRowsTable;
  runs: RunsTable;
  mismatches: MismatchesTable;
  mismatch_events: MismatchEventsTable;
  users: UsersTable;
  user_events: UserEventsTable;
  web_sessions: WebSessionsTable;
  login_failures: LoginFailuresTable;
  v_open_mismatches: OpenMismatchesView;
  v_settled_payments: SettledPaymentsView;
  v_open_mismatch_provenance: OpenMismatchProvenanceView;
  v_daily_cash: DailyCashView;
}
