/**
 * The working sets of one reconciliation run, built once as temp tables so every kind's query reads
 * them instead of re-joining the big tables:
 * - w_rows: settlement rows booked in the window, each mapped to an order (external_reference first,
 *   then SOURCE_ID through order_payments) or given a subject of its own;
 * - coverage: the ingested settlement reports' intervals merged into islands;
 * - ledger: one row per order the window touches (settled, paid or refunded in it) with its report
 *   aggregates over all time and its internal refunds: every order-level kind is a filter on it.
 *
 * Cost follows the window: an order's report rows outside the window (its history) are looked up
 * through the reference and payment-id indexes, and only past the window's edges, so orders whose rows
 * all lie inside it (most) cost nothing more. Named parameters (see window-params.ts): :account, :start,
 * :end (UTC, end exclusive), :site, :tz. Every owned table is read for :account only, and the temp tables
 * hold only its rows.
 */
import { coverageIslandsSql } from './coverage-islands.ts';
import { OF_ACCOUNT } from './release-window-tables.ts';

const IN_WINDOW = (at: string) => `${at} >= :start::timestamptz and ${at} < :end::timestamptz`;
const OUTSIDE_WINDOW = (at: string) => `(${at} < :start::timestamptz or ${at} >= :end::timestamptz)`;

/**
 * Whether any of the account's settlement rows lies outside the window at all (read off its partition
 * only): when none does (a first load, a window over everything), the history lookups are skipped outright.
 */
const ANY_OUTSIDE = `((select min(x.booked_at) from mp_settlement_rows x where x.account_id = :account::text) < :start::timestamptz
      or (select max(x.booked_at) from mp_settlement_rows x where x.account_id = :account::text) >= :end::timestamptz)`;

/**
 * Report rows of the scope's orders booked outside the window, mapped as the window's rows are. Looked
 * up per order through the reference and payment-id indexes (OFFSET 0 keeps the lateral subqueries
 * from being turned into a join that would scan the history), so the cost follows the window's orders.
 */
const HISTORY = `
   select so.order_id, so.currency as order_currency, h.booked_at, h.tt, h.source_id,
          h.transaction_amount, h.transaction_currency, h.report_file_id, h.line, false as in_window
     from so
     cross join lateral (
       select r.booked_at, upper(r.transaction_type) as tt, r.source_id, r.transaction_amount, r.transaction_currency, r.report_file_id, r.line
         from mp_settlement_rows r
        where r.external_reference = so.external_reference and ${OUTSIDE_WINDOW('r.booked_at')} and ${OF_ACCOUNT('r', 'settlement')}
       union all
       select r.booked_at, upper(r.transaction_type), r.source_id, r.transaction_amount, r.transaction_currency, r.report_file_id, r.line
         from order_payments op
         join mp_settlement_rows r on r.account_id = op.account_id and r.source_id = op.mp_payment_id
        where op.account_id = :account::text and op.order_id = so.order_id and ${OUTSIDE_WINDOW('r.booked_at')} and ${OF_ACCOUNT('r', 'settlement')}
          and not exists (select 1 from orders o2 where o2.account_id = r.account_id and o2.external_reference = r.external_reference)
       offset 0) h
    where ${ANY_OUTSIDE}`;

/** The window's rows; its row count is the command tag's. */
export const WINDOW_ROWS_STATEMENT = `create temp table w_rows on commit drop as
   select r.id, r.report_file_id, r.line, r.booked_at, (r.booked_at at time zone :tz::text)::date as business_date,
          upper(r.transaction_type) as tt, r.source_id, nullif(r.external_reference, '') as external_reference,
          r.transaction_amount, r.transaction_currency, r.fee_amount, r.taxes_amount, r.settlement_net_amount,
          coalesce(o_ref.order_id, op.order_id) as order_id, coalesce(o_ref.currency, o_op.currency) as order_currency,
          case when nullif(r.external_reference, '') is not null then 'ref:' || r.external_reference
               when nullif(r.source_id, '') is not null then 'payment:' || r.source_id
               else 'row:' || r.natural_key end as row_subject
     from mp_settlement_rows r
     join report_files f on f.id = r.report_file_id and f.account_id = r.account_id and f.site = :site::text
     left join orders o_ref on o_ref.account_id = r.account_id and o_ref.external_reference = r.external_reference
     left join order_payments op on o_ref.order_id is null and op.account_id = r.account_id and op.mp_payment_id = r.source_id
     left join orders o_op on o_op.account_id = op.account_id and o_op.order_id = op.order_id
    where r.account_id = :account::text and ${IN_WINDOW('r.booked_at')}`;

export const COVERAGE_STATEMENT = coverageIslandsSql('coverage', 'settlement');

// Orders the window touches: settled in it, paid in it, or refunded in it. UNION, not OR: an OR of
  // subqueries defeats the planner's hash joins. The window's rows and the history are disjoint by
  // booked_at, so together they are every report row of the order, aggregated once.
/** One row per order in scope; its row count is the command tag's. */
export const LEDGER_STATEMENT = `create temp table ledger on commit drop as
   with so as materialized (
     select o.order_id, o.external_reference, o.currency, o.amount, o.status, o.paid_at
       from orders o
      where o.account_id = :account::text and o.site = :site::text
        and o.order_id in (select order_id from w_rows where order_id is not null
                           union select order_id from orders where account_id = :account::text and ${IN_WINDOW('paid_at')}
                           union select order_id from refunds where account_id = :account::text and ${IN_WINDOW('created_at')})
   ), rows_all as (
     select order_id, order_currency, booked_at, tt, source_id, transaction_amount, transaction_currency, report_file_id, line, true as in_window
       from w_rows where order_id is not null
     union all ${HISTORY}
   ), rr as (
     select r.order_id,
            count(*) filter (where tt = 'SETTLEMENT') as settle_count,
            sum(transaction_amount) filter (where tt = 'SETTLEMENT') as settle_sum,
            count(*) filter (where tt = 'REFUND') as refund_count,
            sum(abs(transaction_amount)) filter (where tt = 'REFUND') as refund_sum,
            count(*) filter (where tt in ('CHARGEBACK', 'DISPUTE')) as cb_count,
            sum(abs(transaction_amount)) filter (where tt in ('CHARGEBACK', 'DISPUTE')) as cb_sum,
            bool_or(transaction_currency is not null and transaction_currency <> order_currency) as currency_bad,
            min(transaction_currency) filter (where transaction_currency <> order_currency) as bad_currency,
            min(source_id) as source_id,
            min(report_file_id) as report_file_id,
            min(line) as line,
            min(booked_at) filter (where in_window) as first_at,
            min(booked_at) filter (where in_window and tt = 'REFUND') as first_refund_at,
            min(booked_at) filter (where in_window and tt in ('CHARGEBACK', 'DISPUTE')) as first_cb_at
       from rows_all r
      group by r.order_id
   ), ir as (
     select order_id,
            count(*) filter (where status = 'approved') as refunded_count,
            sum(amount) filter (where status = 'approved') as refunded_sum,
            count(*) filter (where status = 'approved' and ${IN_WINDOW('created_at')}) as refunded_in_window,
            max(created_at) filter (where status = 'approved') as last_refund_at,
            min(created_at) filter (where status = 'approved' and ${IN_WINDOW('created_at')}) as first_refund_in_window
       from refunds where account_id = :account::text and order_id in (select order_id from so) group by order_id
   ), pay as (
     select order_id, min(mp_payment_id) as mp_payment_id from order_payments where account_id = :account::text and order_id in (select order_id from so) group by order_id
   )
   select so.order_id, so.external_reference, so.currency, so.amount, so.status, so.paid_at,
          coalesce(pay.mp_payment_id, rr.source_id) as mp_payment_id,
          coalesce(rr.settle_count, 0) as settle_count, rr.settle_sum,
          coalesce(rr.refund_count, 0) as refund_count, coalesce(rr.refund_sum, 0) as refund_sum,
          coalesce(rr.cb_count, 0) as cb_count, rr.cb_sum,
          coalesce(rr.currency_bad, false) as currency_bad, rr.bad_currency, rr.report_file_id, rr.line,
          coalesce(ir.refunded_count, 0) as refunded_count, coalesce(ir.refunded_sum, 0) as refunded_sum,
          coalesce(ir.refunded_in_window, 0) as refunded_in_window, ir.last_refund_at,
          (coalesce(rr.first_at, case when ${IN_WINDOW('so.paid_at')} then so.paid_at end,
                    ir.first_refund_in_window) at time zone :tz::text)::date as business_date,
          (coalesce(rr.first_refund_at, ir.first_refund_in_window, rr.first_at, so.paid_at) at time zone :tz::text)::date as refund_business_date,
          (coalesce(rr.first_cb_at, rr.first_at) at time zone :tz::text)::date as cb_business_date
     from so
     left join rr on rr.order_id = so.order_id
     left join ir on ir.order_id = so.order_id
     left join pay on pay.order_id = so.order_id`;

/**
 * Every report row of the orders that have a finding, window and history, for their evidence: looked up
 * by order through the indexes, so only the few orders with a finding pay for it.
 */
export const FINDING_ORDER_ROWS = `
   with so as materialized (
     select o.order_id, o.external_reference, o.currency from orders o
      where o.account_id = :account::text and o.order_id in (select order_id from findings where order_id is not null)
   )
   select order_id, order_currency, booked_at, tt, source_id, transaction_amount, transaction_currency, report_file_id, line, true as in_window
     from w_rows where order_id in (select order_id from so)
   union all ${HISTORY}`;
