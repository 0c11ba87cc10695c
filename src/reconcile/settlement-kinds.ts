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

/**
 * Findings for rows that match no order, grouped by the row's own subject: one pass over the window's
 * unmatched rows for the three kinds they can raise.
 */
export const UNMATCHED_ROWS = `${COLUMNS}
    select kind, row_subject, min(transaction_currency), min(business_date), min(external_reference), null, min(source_id),
           null, case when kind = 'payment_missing_internally' then sum(transaction_amount) else sum(abs(transaction_amount)) end,
           jsonb_build_object('rows', count(*), 'lines', jsonb_agg(jsonb_build_object('file', report_file_id, 'line', line, 'type', tt, 'amount', transaction_amount::text) order by line)),
           min(report_file_id), min(line)
      from (select w.*, case when tt = 'SETTLEMENT' then 'payment_missing_internally'
                             when tt = 'REFUND' then 'refund_missing_internally'
                             when tt in ('CHARGEBACK', 'DISPUTE') then 'chargeback' end as kind
              from w_rows w where order_id is null) u
     where kind is not null
     group by kind, row_subject`;

/** An order-level kind: a condition on a `ledger` row, the amounts and the date it is booked on. */
interface OrderKind {
  readonly kind: SettlementKind;
  readonly where: string;
  readonly expected: string;
  readonly actual: string;
  readonly date?: string;
  readonly details?: string;
}

const PAID = `status in ('paid', 'refunded', 'partially_refunded')`;
const COVERED = (at: string) => `exists (select 1 from coverage c where c.s <= ${at} and c.e >= ${at} + make_interval(hours => :grace::int))`;

const ORDER_KINDS: readonly OrderKind[] = [
  {
    kind: 'payment_missing_in_report',
    where: `${PAID} and paid_at >= :start::timestamptz and paid_at < :end::timestamptz and settle_count = 0 and ${COVERED('paid_at')}`,
    expected: 'amount',
    actual: 'null',
    details: `jsonb_build_object('status', status, 'paid_at', paid_at)`,
  },
  {
    kind: 'amount_mismatch',
    where: 'settle_count > 0 and settle_sum <> amount and not currency_bad and not (settle_count > 1 and settle_sum > amount)',
    expected: 'amount',
    actual: 'settle_sum',
  },
  { kind: 'duplicate_payment', where: 'settle_count > 1 and settle_sum > amount and not currency_bad', expected: 'amount', actual: 'settle_sum' },
  {
    kind: 'currency_mismatch',
    where: 'currency_bad',
    expected: 'amount',
    actual: 'settle_sum',
    details: `jsonb_build_object('order_currency', currency, 'report_currency', bad_currency)`,
  },
  { kind: 'status_mismatch', where: `settle_count > 0 and status in ('pending', 'cancelled')`, expected: 'null', actual: 'settle_sum' },
  { kind: 'refund_missing_internally', where: 'refund_count > 0 and refunded_count = 0', expected: '0', actual: 'refund_sum', date: 'refund_business_date' },
  {
    kind: 'refund_missing_in_report',
    where: `refunded_in_window > 0 and refund_count = 0 and ${COVERED('last_refund_at')}`,
    expected: 'refunded_sum',
    actual: 'null',
    date: 'refund_business_date',
  },
  {
    kind: 'refund_amount_mismatch',
    where: 'refund_count > 0 and refunded_count > 0 and refund_sum <> refunded_sum',
    expected: 'refunded_sum',
    actual: 'refund_sum',
    date: 'refund_business_date',
  },
  {
    kind: 'over_refunded',
    where: 'greatest(refund_sum, refunded_sum) > case when settle_count > 0 then settle_sum else amount end',
    expected: 'case when settle_count > 0 then settle_sum else amount end',
    actual: 'greatest(refund_sum, refunded_sum)',
    date: 'refund_business_date',
  },
  { kind: 'chargeback', where: 'cb_count > 0', expected: 'null', actual: 'cb_sum', date: 'cb_business_date' },
];

/**
 * Every order-level kind in one pass over `ledger`: an order is kept when any kind's condition holds,
 * and only then are the kinds it raises (and their evidence) computed. Column names inside the lateral
 * list resolve to the ledger row.
 */
export const ORDER_FINDINGS = `${COLUMNS}
    select k.kind, 'order:' || l.order_id, l.currency, k.business_date, l.external_reference, l.order_id, l.mp_payment_id,
           k.expected, k.actual, k.details, l.report_file_id, l.line
      from ledger l
      cross join lateral (
        ${ORDER_KINDS.map(
          (k) => `select '${k.kind}' as kind, ${k.date ?? 'business_date'} as business_date, (${k.expected})::numeric as expected,
               (${k.actual})::numeric as actual, ${k.details ?? `jsonb_build_object('status', status)`} as details where ${k.where}`,
        ).join('\n        union all ')}
      ) k
     where l.business_date is not null and (${ORDER_KINDS.map((k) => `(${k.where})`).join(' or ')})`;

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

/** A row whose own figures break MP's identity, one finding per order (or per subject for unmatched rows). */
export const ROW_ARITHMETIC = `${COLUMNS}
    select 'row_arithmetic', coalesce('order:' || r.order_id, r.row_subject), min(r.transaction_currency), min(r.business_date),
           coalesce((select o.external_reference from orders o where o.account_id = :account::text and o.order_id = r.order_id), min(r.external_reference)), r.order_id, min(r.source_id),
           sum(r.transaction_amount + coalesce(r.fee_amount, 0) + coalesce(r.taxes_amount, 0)), sum(r.settlement_net_amount),
           jsonb_build_object('rule', 'SETTLEMENT_NET_AMOUNT = TRANSACTION_AMOUNT + FEE_AMOUNT + TAXES_AMOUNT',
                              'lines', jsonb_agg(jsonb_build_object('file', r.report_file_id, 'line', r.line, 'type', r.tt,
                                                                    'transaction', r.transaction_amount::text, 'fee', r.fee_amount::text,
                                                                    'taxes', r.taxes_amount::text, 'net', r.settlement_net_amount::text) order by r.line)),
           min(r.report_file_id), min(r.line)
      from w_rows r
     where r.settlement_net_amount is not null
       and r.settlement_net_amount <> r.transaction_amount + coalesce(r.fee_amount, 0) + coalesce(r.taxes_amount, 0)
     group by r.order_id, coalesce('order:' || r.order_id, r.row_subject)`;

/** Every settlement statement, in the order the run executes them. */
export const SETTLEMENT_FINDINGS: readonly string[] = [ORDER_FINDINGS, UNMATCHED_ROWS, ROW_ARITHMETIC];
