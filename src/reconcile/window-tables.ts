/**
 * The working sets of one reconciliation run, built once as temp tables so every kind's query reads
 * them instead of re-joining the big tables:
 * - w_rows: settlement rows booked in the window, each mapped to an order (external_reference first,
 *   then SOURCE_ID through order_payments) or given a subject of its own;
 * - coverage: the ingested settlement reports' intervals merged into islands;
 * - scope_orders / o_rows / scope: every order the window touches, its report rows of all time, and
 *   its report and refund aggregates.
 * Named parameters (see bind.ts): :start, :end (UTC, end exclusive), :site, :tz.
 */
import { coverageIslandsSql } from './coverage-islands.ts';

export const WINDOW_TABLE_STATEMENTS: readonly string[] = [
  `create temp table w_rows on commit drop as
   select r.id, r.report_file_id, r.line, r.booked_at, (r.booked_at at time zone :tz::text)::date as business_date,
          upper(r.transaction_type) as tt, r.source_id, nullif(r.external_reference, '') as external_reference,
          r.transaction_amount, r.transaction_currency, r.fee_amount, r.taxes_amount, r.settlement_net_amount,
          coalesce(o_ref.order_id, op.order_id) as order_id,
          case when nullif(r.external_reference, '') is not null then 'ref:' || r.external_reference
               when nullif(r.source_id, '') is not null then 'payment:' || r.source_id
               else 'row:' || r.natural_key end as row_subject
     from mp_settlement_rows r
     join report_files f on f.id = r.report_file_id and f.site = :site::text
     left join orders o_ref on o_ref.external_reference = r.external_reference
     left join order_payments op on o_ref.order_id is null and op.mp_payment_id = r.source_id
    where r.booked_at >= :start::timestamptz and r.booked_at < :end::timestamptz`,

  // Temp tables are never analysed by autovacuum; without statistics the planner picks nested loops.
  'analyze w_rows',

  coverageIslandsSql('coverage', 'settlement'),

  // Orders the window touches: settled in it, paid in it, or refunded in it. UNION, not OR: an OR of
  // subqueries defeats the planner's hash joins.
  `create temp table scope_orders on commit drop as
   select o.order_id, o.external_reference, o.currency, o.amount, o.status, o.paid_at
     from orders o
    where o.site = :site::text
      and o.order_id in (select order_id from w_rows where order_id is not null
                         union select order_id from orders where paid_at >= :start::timestamptz and paid_at < :end::timestamptz
                         union select order_id from refunds where created_at >= :start::timestamptz and created_at < :end::timestamptz)`,
  'analyze scope_orders',

  // Every report row (all files, all dates) of those orders, mapped the same way as w_rows: by
  // reference when the reference names an order, else by payment id.
  `create temp table o_rows on commit drop as
   select r.booked_at, upper(r.transaction_type) as tt, r.source_id, r.transaction_amount, r.transaction_currency,
          r.report_file_id, r.line, so.order_id
     from scope_orders so
     join mp_settlement_rows r on r.external_reference = so.external_reference
     join report_files f on f.id = r.report_file_id and f.site = :site::text
   union all
   select r.booked_at, upper(r.transaction_type), r.source_id, r.transaction_amount, r.transaction_currency,
          r.report_file_id, r.line, so.order_id
     from scope_orders so
     join order_payments op on op.order_id = so.order_id
     join mp_settlement_rows r on r.source_id = op.mp_payment_id
     join report_files f on f.id = r.report_file_id and f.site = :site::text
    where not exists (select 1 from orders o2 where o2.external_reference = r.external_reference)`,
  'analyze o_rows',

  `create temp table scope on commit drop as
   with rr as (
     select r.order_id,
            count(*) filter (where tt = 'SETTLEMENT') as settle_count,
            sum(transaction_amount) filter (where tt = 'SETTLEMENT') as settle_sum,
            count(*) filter (where tt = 'REFUND') as refund_count,
            sum(abs(transaction_amount)) filter (where tt = 'REFUND') as refund_sum,
            count(*) filter (where tt in ('CHARGEBACK', 'DISPUTE')) as cb_count,
            sum(abs(transaction_amount)) filter (where tt in ('CHARGEBACK', 'DISPUTE')) as cb_sum,
            bool_or(transaction_currency is not null and transaction_currency <> so.currency) as currency_bad,
            min(transaction_currency) filter (where transaction_currency <> so.currency) as bad_currency,
            min(source_id) as source_id,
            min(report_file_id) as report_file_id,
            min(line) as line
       from o_rows r join scope_orders so on so.order_id = r.order_id
      group by r.order_id
   ), ir as (
     select order_id,
            count(*) filter (where status = 'approved') as refunded_count,
            sum(amount) filter (where status = 'approved') as refunded_sum,
            count(*) filter (where status = 'approved' and created_at >= :start::timestamptz and created_at < :end::timestamptz) as refunded_in_window,
            max(created_at) filter (where status = 'approved') as last_refund_at,
            min(created_at) filter (where status = 'approved' and created_at >= :start::timestamptz and created_at < :end::timestamptz) as first_refund_in_window
       from refunds where order_id in (select order_id from scope_orders) group by order_id
   ), w as (
     select order_id, min(booked_at) as first_at, min(booked_at) filter (where tt = 'REFUND') as first_refund_at,
            min(booked_at) filter (where tt in ('CHARGEBACK', 'DISPUTE')) as first_cb_at
       from w_rows where order_id is not null group by order_id
   ), pay as (
     select order_id, min(mp_payment_id) as mp_payment_id from order_payments where order_id in (select order_id from scope_orders) group by order_id
   )
   select so.order_id, so.external_reference, so.currency, so.amount, so.status, so.paid_at,
          coalesce(pay.mp_payment_id, rr.source_id) as mp_payment_id,
          coalesce(rr.settle_count, 0) as settle_count, rr.settle_sum,
          coalesce(rr.refund_count, 0) as refund_count, coalesce(rr.refund_sum, 0) as refund_sum,
          coalesce(rr.cb_count, 0) as cb_count, rr.cb_sum,
          coalesce(rr.currency_bad, false) as currency_bad, rr.bad_currency, rr.report_file_id, rr.line,
          coalesce(ir.refunded_count, 0) as refunded_count, coalesce(ir.refunded_sum, 0) as refunded_sum,
          coalesce(ir.refunded_in_window, 0) as refunded_in_window, ir.last_refund_at,
          (coalesce(w.first_at, case when so.paid_at >= :start::timestamptz and so.paid_at < :end::timestamptz then so.paid_at end,
                    ir.first_refund_in_window) at time zone :tz::text)::date as business_date,
          (coalesce(w.first_refund_at, ir.first_refund_in_window, w.first_at, so.paid_at) at time zone :tz::text)::date as refund_business_date,
          (coalesce(w.first_cb_at, w.first_at) at time zone :tz::text)::date as cb_business_date
     from scope_orders so
     left join rr on rr.order_id = so.order_id
     left join ir on ir.order_id = so.order_id
     left join w on w.order_id = so.order_id
     left join pay on pay.order_id = so.order_id`,

  'analyze scope',
];
