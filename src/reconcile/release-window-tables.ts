/**
 * The release report's working sets for one reconciliation run, built after the settlement ones
 * (window-tables.ts, whose `coverage` of settlement reports the release kinds also read):
 * - release_coverage: the ingested release reports' intervals merged into islands;
 * - w_release_files: the release files the window's balance checks need (those that close in the
 *   window, open in it, or close the day before it), each with the opening and closing balance it states
 *   and the span of time those balances bracket;
 * - w_release_rows: release rows booked in the window, mapped to an order where they name one.
 *
 * Rows repeated by overlapping reports are stored once, under the file that brought them first (see
 * jobs/ingest-file.ts). So a file's movements are found by time, not by report_file_id: every stored row
 * of the site booked between the file's opening and closing rows. Its opening and closing rows are its
 * own when it has them, else the identical rows another file brought (same instant, same amounts).
 * Named parameters (see window-params.ts): :account, :start, :end (UTC, end exclusive), :site, :tz.
 */
import { coverageIslandsSql } from './coverage-islands.ts';

/** First and last business date of the window. */
export const FIRST_DAY = `(:start::timestamptz at time zone :tz::text)::date`;
export const LAST_DAY = `((:end::timestamptz at time zone :tz::text)::date - 1)`;

/** Money a release row adds to the available balance (NET_CREDIT − NET_DEBIT; empty cells are 0). */
export const NET = (alias: string) => `(coalesce(${alias}.net_credit_amount, 0) - coalesce(${alias}.net_debit_amount, 0))`;

/** Row classes that move the available balance (release-row-class.ts). */
export const MOVING_CLASSES = `('movement', 'hold', 'payout')`;

/**
 * `<alias>` is a row of the account (so only its partition is read) from one of its site's files of
 * `kind`. The files are written as `= any (array(...))`, computed once per statement, rather than as a
 * join: the row tables are then reached through their time or payment-id indexes, never through
 * report_file_id, whatever the planner guesses about report_files (a join it thinks yields one row
 * became a full scan per outer row on freshly loaded data).
 */
export const OF_ACCOUNT = (alias: string, kind: 'settlement' | 'release') =>
  `${alias}.account_id = :account::text and ${alias}.report_file_id = any (array(select id from report_files where account_id = :account::text and kind = '${kind}' and site = :site::text))`;

function boundaryRow(rowClass: 'opening' | 'total', order: string): string {
  return `(
    select r.id, r.booked_at, r.line, r.report_file_id, ${NET('r')} as amount
      from mp_release_rows r
     where r.row_class = '${rowClass}' and ${OF_ACCOUNT('r', 'release')}
       and (r.report_file_id = f.id or r.booked_at between f.covered_start and f.covered_end)
     order by (r.report_file_id = f.id) desc, ${order}
     limit 1)`;
}

export const RELEASE_WINDOW_TABLE_STATEMENTS: readonly string[] = [
  coverageIslandsSql('release_coverage', 'release'),

  `create temp table w_release_files on commit drop as
   select f.id, f.file_name, f.covers_from, f.covers_to,
          o.amount as opening, o.line as opening_line, o.report_file_id as opening_file,
          t.amount as closing, t.line as closing_line, t.report_file_id as closing_file,
          coalesce(o.booked_at, f.covered_start) as span_start, coalesce(t.booked_at, f.covered_end) as span_end
     from report_files f
     left join lateral ${boundaryRow('opening', 'r.booked_at nulls first, r.id')} o on true
     left join lateral ${boundaryRow('total', 'r.booked_at desc nulls last, r.id desc')} t on true
    where f.account_id = :account::text and f.kind = 'release' and f.site = :site::text and f.status = 'ingested'
      and (f.covers_from between ${FIRST_DAY} and ${LAST_DAY} or f.covers_to between ${FIRST_DAY} - 1 and ${LAST_DAY})`,

  `create temp table w_release_rows on commit drop as
   select r.id, r.report_file_id, r.line, r.natural_key, r.occurrence, r.booked_at,
          (r.booked_at at time zone :tz::text)::date as business_date,
          r.record_kind, r.description, r.description_code, r.row_class, r.payout_id,
          nullif(r.source_id, '') as source_id, nullif(r.external_reference, '') as external_reference,
          coalesce(r.net_credit_amount, 0) as cr, coalesce(r.net_debit_amount, 0) as db,
          r.gross_amount, r.mp_fee_amount, r.financing_fee_amount, r.shipping_fee_amount, r.taxes_amount, r.coupon_amount,
          r.approved_at, nullif(r.currency, '') as currency,
          coalesce(o_ref.order_id, op.order_id) as order_id,
          coalesce(o_ref.external_reference, o_op.external_reference, nullif(r.external_reference, '')) as order_reference
     from mp_release_rows r
     left join orders o_ref on o_ref.account_id = r.account_id and o_ref.external_reference = nullif(r.external_reference, '')
     left join order_payments op on o_ref.order_id is null and op.account_id = r.account_id and op.mp_payment_id = r.source_id
     left join orders o_op on o_op.account_id = op.account_id and o_op.order_id = op.order_id
    where r.booked_at >= :start::timestamptz and r.booked_at < :end::timestamptz and ${OF_ACCOUNT('r', 'release')}`,

  // Temp tables are never analysed by autovacuum; without statistics the planner picks nested loops.
  'analyze w_release_files',
  'analyze w_release_rows',
];
