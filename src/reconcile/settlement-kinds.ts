/**
 * One set-based statement per mismatch kind of the settlement report (docs/mismatch-kinds.md), each
 * reading the run's temp tables (window-tables.ts) and writing into `findings`. A finding is keyed by
 * (kind, subject): `order:<id>` for an order, or the row's own reference for rows that match none.
 */
import { FINDING_ORDER_ROWS } from './window-tables.ts';

export const SETTLEMENT_KINDS = [
  'payment_missing_internally',
  'payment_missing_in_report',
  'amount_mismatch',
  'duplicate_payment',
  'currency_mismatch',
  'status_mismatch',
  'refund_missing_internally',
  'refund_missing_in_report',
  'refund_amount_mismatch',
  'over_refunded',
  'chargeback',
  'row_arithmetic',
] as const;
export type SettlementKind = (typeof SETTLEMENT_KINDS)[number];

/** Keyed like mismatches, so the merge and the auto-resolve find a run's findings by index. */
export const FINDINGS_TABLE = `create temp table findings (
  kind text not null, subject text not null, currency text, business_date date not null,
  external_reference text, order_id text, mp_payment_id text,
  expected_amount numeric, actual_amount numeric, details jsonb not null,
  report_file_id bigint, line integer,
  primary key (kind, subject)
) on commit drop`;

const COLUMNS = `insert into findings (kind, subject, currency, business_date, external_reference, order_id, mp_payment_id,
                                      expected_amount, actual_amount, details, report_file_id, line)`;

/** Findings for rows that match no order, grouped by the row's own subject. */
function unmatchedRows(kind: SettlementKind, types: string, actual = 'sum(abs(transaction_amount))'): string {
  return `${COLUMNS}
    select '${kind}', row_subject, min(transaction_currency), min(business_date), min(external_reference), null, min(source_id),
           null, ${actual},
           jsonb_build_object('rows', count(*), 'lines', jsonb_agg(jsonb_build_object('file', report_file_id, 'line', line, 'type', tt, 'amount', transaction_amount::text) order by line)),
           min(report_file_id), min(line)
      from w_rows where order_id is null and tt in (${types})
     group by row_subject`;
}

/** An order-level finding from `ledger`, given the condition and the amounts. */
function orderLevel(kind: SettlementKind, where: string, expected: string, actual: string, date = 'business_date', details = `jsonb_build_object('status', status)`): string {
  return `${COLUMNS}
    select '${kind}', 'order:' || order_id, currency, ${date}, external_reference, order_id, mp_payment_id,
           ${expected}, ${actual}, ${details}, report_file_id, line
      from ledger where business_date is not null and (${where})`;
}

const PAID = `status in ('paid', 'refunded', 'partially_refunded')`;
const COVERED = (at: string) => `exists (select 1 from coverage c where c.s <= ${at} and c.e >= ${at} + make_interval(hours => :grace::int))`;

/**
 * The evidence of order-level findings: every report row of the order, added once all kinds ran, so
 * the rows are gathered only for the few orders that have a finding (not for every order in scope).
 */
export const ORDER_ROWS_DETAILS = `
  update findings f set details = f.details || jsonb_build_object('rows', d.rows)
    from (select order_id,
                 jsonb_agg(jsonb_build_object('type', tt, 'amount', transaction_amount::text, 'file', report_file_id, 'line', line)
                           order by booked_at, line) as rows
            from (${FINDING_ORDER_ROWS}) o
           group by order_id) d
   where f.order_id = d.order_id and f.subject = 'order:' || f.order_id and f.kind <> 'row_arithmetic'`;

export const KIND_STATEMENTS: Readonly<Record<SettlementKind, readonly string[]>> = {
  payment_missing_internally: [unmatchedRows('payment_missing_internally', `'SETTLEMENT'`, 'sum(transaction_amount)')],

  payment_missing_in_report: [orderLevel(
    'payment_missing_in_report',
    `${PAID} and paid_at >= :start::timestamptz and paid_at < :end::timestamptz and settle_count = 0 and ${COVERED('paid_at')}`,
    'amount',
    'null',
    'business_date',
    `jsonb_build_object('status', status, 'paid_at', paid_at)`,
  )],

  amount_mismatch: [orderLevel(
    'amount_mismatch',
    `settle_count > 0 and settle_sum <> amount and not currency_bad and not (settle_count > 1 and settle_sum > amount)`,
    'amount',
    'settle_sum',
  )],

  duplicate_payment: [orderLevel('duplicate_payment', `settle_count > 1 and settle_sum > amount and not currency_bad`, 'amount', 'settle_sum')],

  currency_mismatch: [orderLevel(
    'currency_mismatch',
    'currency_bad',
    'amount',
    'settle_sum',
    'business_date',
    `jsonb_build_object('order_currency', currency, 'report_currency', bad_currency)`,
  )],

  status_mismatch: [orderLevel('status_mismatch', `settle_count > 0 and status in ('pending', 'cancelled')`, 'null', 'settle_sum')],

  refund_missing_internally: [
    orderLevel('refund_missing_internally', 'refund_count > 0 and refunded_count = 0', '0', 'refund_sum', 'refund_business_date'),
    unmatchedRows('refund_missing_internally', `'REFUND'`),
  ],

  refund_missing_in_report: [orderLevel(
    'refund_missing_in_report',
    `refunded_in_window > 0 and refund_count = 0 and ${COVERED('last_refund_at')}`,
    'refunded_sum',
    'null',
    'refund_business_date',
  )],

  refund_amount_mismatch: [orderLevel(
    'refund_amount_mismatch',
    'refund_count > 0 and refunded_count > 0 and refund_sum <> refunded_sum',
    'refunded_sum',
    'refund_sum',
    'refund_business_date',
  )],

  over_refunded: [orderLevel(
    'over_refunded',
    `greatest(refund_sum, refunded_sum) > case when settle_count > 0 then settle_sum else amount end`,
    'case when settle_count > 0 then settle_sum else amount end',
    'greatest(refund_sum, refunded_sum)',
    'refund_business_date',
  )],

  chargeback: [orderLevel('chargeback', 'cb_count > 0', 'null', 'cb_sum', 'cb_business_date'), unmatchedRows('chargeback', `'CHARGEBACK', 'DISPUTE'`)],

  row_arithmetic: [
    `${COLUMNS}
    select 'row_arithmetic', coalesce('order:' || r.order_id, r.row_subject), min(r.transaction_currency), min(r.business_date),
           coalesce((select o.external_reference from orders o where o.order_id = r.order_id), min(r.external_reference)), r.order_id, min(r.source_id),
           sum(r.transaction_amount + coalesce(r.fee_amount, 0) + coalesce(r.taxes_amount, 0)), sum(r.settlement_net_amount),
           jsonb_build_object('rule', 'SETTLEMENT_NET_AMOUNT = TRANSACTION_AMOUNT + FEE_AMOUNT + TAXES_AMOUNT',
                              'lines', jsonb_agg(jsonb_build_object('file', r.report_file_id, 'line', r.line, 'type', r.tt,
                                                                    'transaction', r.transaction_amount::text, 'fee', r.fee_amount::text,
                                                                    'taxes', r.taxes_amount::text, 'net', r.settlement_net_amount::text) order by r.line)),
           min(r.report_file_id), min(r.line)
      from w_rows r
     where r.settlement_net_amount is not null
       and r.settlement_net_amount <> r.transaction_amount + coalesce(r.fee_amount, 0) + coalesce(r.taxes_amount, 0)
     group by r.order_id, coalesce('order:' || r.order_id, r.row_subject)`,
  ],
};
