/**
 * One set-based statement per mismatch kind of the release report (docs/mismatch-kinds.md, "Release
 * report"), reading the run's temp tables (window-tables.ts, release-window-tables.ts) and writing into
 * the same `findings` as settlement-kinds.ts. Subjects never collide with the settlement kinds':
 * `file:<id>` and `files:<id>><id>` (balance_break), `release-source:<SOURCE_ID>` / `release-row:<key>`
 * (row_arithmetic on release rows), `payment:<id>` (released_not_settled, settled_not_released),
 * `payouts:<site>:<date>` (payout_mismatch).
 */
import { SITES } from '../sites.ts';
import { FIRST_DAY, LAST_DAY, MOVING_CLASSES, NET, OF_ACCOUNT } from './release-window-tables.ts';

export const RELEASE_KINDS = ['balance_break', 'row_arithmetic', 'released_not_settled', 'settled_not_released', 'payout_mismatch'] as const;
export type ReleaseKind = (typeof RELEASE_KINDS)[number];

export interface ReleaseKindOptions {
  /**
   * Whether COUPON_AMOUNT takes part in a release row's identity. MP's docs leave its role open
   * (mercadopago-api.md §3.2); the official sample balances without it, so it is left out by default.
   */
  readonly coupon: 'excluded' | 'included';
}

/**
 * A payment's approval is looked for this long before its release when neither the release row
 * (TRANSACTION_APPROVAL_DATE) nor the internal side says when it was: MP releases card money up to 30
 * days after approval, and only settlement reports covering that stretch can prove the payment absent.
 */
export const RELEASE_LAG_DAYS = 30;

const COLUMNS = `insert into findings (kind, subject, currency, business_date, external_reference, order_id, mp_payment_id,
                                      expected_amount, actual_amount, details, report_file_id, line)`;

const SITE_CURRENCY = `(case :site::text ${Object.values(SITES).map((s) => `when '${s.id}' then '${s.currency}'`).join(' ')} end)`;

const COVERED = (table: 'coverage' | 'release_coverage', from: string, to: string) =>
  `exists (select 1 from ${table} c where c.s <= ${from} and c.e >= ${to} + make_interval(hours => :grace::int))`;

/**
 * Rows of a payment in the other report, looked up per outer row through the source_id index: a lateral
 * subquery (with LIMIT 1 for a mere existence) is never turned into a join whose cost the planner could
 * misjudge, so the work grows with the window, not with the report history.
 */
const LOOKUP = (name: string, select: string, table: 'settlement' | 'release', where: string, limit = true) => {
  const [from, alias] = table === 'settlement' ? ['mp_settlement_rows', 's'] : ['mp_release_rows', 'x'];
  return `left join lateral (select ${select} from ${from} ${alias} where ${where} and ${OF_ACCOUNT(alias, table)}${limit ? ' limit 1' : ''}) ${name} on true`;
};

const LINE = (alias: string, extra = '') =>
  `jsonb_build_object('file', ${alias}.report_file_id, 'line', ${alias}.line${extra})`;

function balanceBreak(): string[] {
  const withinFile = `${COLUMNS}
    select 'balance_break', 'file:' || f.id, ${SITE_CURRENCY}, f.covers_to, null, null, null,
           f.opening + coalesce(m.flow, 0), f.closing,
           jsonb_build_object('check', 'within_file', 'file', f.file_name, 'opening', f.opening::text,
                              'movements', coalesce(m.flow, 0)::text, 'movement_rows', coalesce(m.n, 0),
                              'closing', f.closing::text, 'opening_line', jsonb_build_object('file', f.opening_file, 'line', f.opening_line),
                              'closing_line', jsonb_build_object('file', f.closing_file, 'line', f.closing_line),
                              'unclassified_rows', coalesce(m.unknown, 0)),
           f.id, case when f.closing_file = f.id then f.closing_line end
      from w_release_files f
      left join lateral (
        select sum(${NET('x')}) filter (where x.row_class in ${MOVING_CLASSES}) as flow,
               count(*) filter (where x.row_class in ${MOVING_CLASSES}) as n,
               count(*) filter (where x.row_class = 'unknown') as unknown
          from mp_release_rows x
         where x.booked_at between f.span_start and f.span_end and ${OF_ACCOUNT('x', 'release')}
      ) m on true
     where f.opening is not null and f.closing is not null
       and f.covers_to between ${FIRST_DAY} and ${LAST_DAY}
       and f.opening + coalesce(m.flow, 0) <> f.closing`;

  const acrossFiles = `${COLUMNS}
    select 'balance_break', 'files:' || p.id || '>' || n.id, ${SITE_CURRENCY}, n.covers_from, null, null, null,
           p.closing, n.opening,
           jsonb_build_object('check', 'across_files', 'previous_file', p.file_name, 'previous_closing', p.closing::text,
                              'next_file', n.file_name, 'next_opening', n.opening::text),
           n.id, case when n.opening_file = n.id then n.opening_line end
      from w_release_files n
      join w_release_files p on p.covers_to = n.covers_from - 1 and p.id <> n.id
     where n.opening is not null and p.closing is not null
       and n.covers_from between ${FIRST_DAY} and ${LAST_DAY}
       and p.closing <> n.opening`;
  return [withinFile, acrossFiles];
}

function rowArithmetic(options: ReleaseKindOptions): string {
  const coupon = options.coupon === 'included' ? ' + coalesce(r.coupon_amount, 0)' : '';
  const rule = `NET_CREDIT_AMOUNT - NET_DEBIT_AMOUNT = GROSS_AMOUNT + MP_FEE_AMOUNT + FINANCING_FEE_AMOUNT + SHIPPING_FEE_AMOUNT + TAXES_AMOUNT${coupon ? ' + COUPON_AMOUNT' : ''}`;
  return `${COLUMNS}
    select 'row_arithmetic', subject, coalesce(max(currency), ${SITE_CURRENCY}), min(business_date), min(order_reference), min(order_id), min(source_id),
           sum(computed), sum(net),
           jsonb_build_object('report', 'release', 'rule', '${rule}',
                              'lines', jsonb_agg(${LINE('a', `, 'record_type', a.record_kind, 'description', a.description, 'net', a.net::text, 'computed', a.computed::text`)} order by a.booked_at, a.line)),
           min(report_file_id), min(line)
      from (
        select r.*, r.cr - r.db as net,
               r.gross_amount + coalesce(r.mp_fee_amount, 0) + coalesce(r.financing_fee_amount, 0) + coalesce(r.shipping_fee_amount, 0)
                 + coalesce(r.taxes_amount, 0)${coupon} as computed,
               case when r.source_id is not null and r.row_class in ${MOVING_CLASSES} then 'release-source:' || r.source_id
                    else 'release-row:' || r.natural_key || ':' || r.occurrence end as subject
          from w_release_rows r
         where r.gross_amount is not null and r.row_class <> 'balance_info'
      ) a
     where a.net <> a.computed
     group by subject`;
}

/**
 * Payments released in the window that no settlement report shows. Evidence (the release lines) is
 * gathered only for the payments found; the window's own settlement rows rule most payments out through
 * one hashed anti-join before any index lookup into the settlement history.
 */
const releasedNotSettled = `${COLUMNS}
  with hit as materialized (
    select rel.*, coalesce(rel.approved_at_row, op.approved_at) as approved_at
      from (
        select r.source_id, min(r.business_date) as business_date, min(r.order_reference) as order_reference, min(r.order_id) as order_id,
               max(r.currency) as currency, sum(r.cr - r.db) as released, min(r.approved_at) as approved_at_row, min(r.booked_at) as booked_at,
               min(r.report_file_id) as report_file_id, min(r.line) as line
          from w_release_rows r
         where r.row_class = 'movement' and r.description_code = 'payment' and r.source_id is not null
           and not exists (select 1 from w_rows w where w.source_id = r.source_id and w.tt = 'SETTLEMENT')
         group by r.source_id
      ) rel
      left join order_payments op on op.account_id = :account::text and op.mp_payment_id = rel.source_id
     where case when coalesce(rel.approved_at_row, op.approved_at) is not null
                then ${COVERED('coverage', 'coalesce(rel.approved_at_row, op.approved_at)', 'coalesce(rel.approved_at_row, op.approved_at)')}
                else ${COVERED('coverage', `rel.booked_at - interval '${RELEASE_LAG_DAYS} days'`, 'rel.booked_at')}
           end
  ), lines as (
    select r.source_id, jsonb_agg(${LINE('r', `, 'amount', (r.cr - r.db)::text`)} order by r.booked_at, r.line) as lines
      from w_release_rows r
     where r.row_class = 'movement' and r.description_code = 'payment' and r.source_id in (select source_id from hit)
     group by r.source_id
  )
  select 'released_not_settled', 'payment:' || rel.source_id, coalesce(rel.currency, ${SITE_CURRENCY}), rel.business_date,
         rel.order_reference, rel.order_id, rel.source_id, null, rel.released,
         jsonb_build_object('approved_at', rel.approved_at, 'lines', l.lines),
         rel.report_file_id, rel.line
    from hit rel
    join lines l on l.source_id = rel.source_id
    ${LOOKUP('settled', 'true as found', 'settlement', `s.source_id = rel.source_id and upper(s.transaction_type) = 'SETTLEMENT'`)}
   where settled.found is null`;

/**
 * Settled payments due for release in the window, neither released nor held. Their lines are gathered
 * only for the payments found.
 */
const settledNotReleased = `${COLUMNS}
  with due as materialized (
    select s.source_id, min(s.money_release_date) as due_at, sum(coalesce(s.settlement_net_amount, s.transaction_amount)) as settled,
           sum(s.transaction_amount) as gross, min(nullif(s.external_reference, '')) as external_reference,
           min(s.transaction_currency) as currency, min(s.report_file_id) as report_file_id, min(s.line) as line
      from mp_settlement_rows s
     where upper(s.transaction_type) = 'SETTLEMENT' and nullif(s.source_id, '') is not null and ${OF_ACCOUNT('s', 'settlement')}
       and s.money_release_date >= :start::timestamptz and s.money_release_date < :end::timestamptz
     group by s.source_id
    having sum(coalesce(s.settlement_net_amount, s.transaction_amount)) > 0
  ), hit as materialized (
    select st.*
      from due st
      -- released, or held: a hold row for the payment explains the wait
      ${LOOKUP('released', 'true as found', 'release', `x.source_id = st.source_id and (x.row_class = 'hold' or (x.row_class = 'movement' and x.description_code = 'payment'))`)}
      -- a claim holds the money, and a payment refunded in full before its release has nothing left to release
      ${LOOKUP('claim', 'true as found', 'settlement', `s.source_id = st.source_id and upper(s.transaction_type) in ('CHARGEBACK', 'DISPUTE')`)}
      ${LOOKUP('refunded', 'sum(abs(s.transaction_amount)) as amount', 'settlement', `s.source_id = st.source_id and upper(s.transaction_type) = 'REFUND'`, false)}
     where ${COVERED('release_coverage', 'st.due_at', 'st.due_at')}
       and released.found is null and claim.found is null and coalesce(refunded.amount, 0) < st.gross
  ), lines as (
    select s.source_id, jsonb_agg(${LINE('s', `, 'amount', s.transaction_amount::text`)} order by s.line) as lines
      from mp_settlement_rows s
     where s.source_id in (select source_id from hit) and upper(s.transaction_type) = 'SETTLEMENT' and ${OF_ACCOUNT('s', 'settlement')}
       and s.money_release_date >= :start::timestamptz and s.money_release_date < :end::timestamptz
     group by s.source_id
  )
  select 'settled_not_released', 'payment:' || st.source_id, coalesce(st.currency, ${SITE_CURRENCY}),
         (st.due_at at time zone :tz::text)::date, coalesce(o_ref.external_reference, o_op.external_reference, st.external_reference),
         coalesce(o_ref.order_id, op.order_id), st.source_id, st.settled, null,
         jsonb_build_object('money_release_date', st.due_at, 'lines', l.lines),
         st.report_file_id, st.line
    from hit st
    join lines l on l.source_id = st.source_id
    left join orders o_ref on o_ref.account_id = :account::text and o_ref.external_reference = st.external_reference
    left join order_payments op on o_ref.order_id is null and op.account_id = :account::text and op.mp_payment_id = st.source_id
    left join orders o_op on o_op.account_id = op.account_id and o_op.order_id = op.order_id`;

const payoutMismatch = `${COLUMNS}
  select 'payout_mismatch', 'payouts:' || :site::text || ':' || day, ${SITE_CURRENCY}, day, null, null, null,
         coalesce(sp.amount, 0), coalesce(rp.amount, 0),
         jsonb_build_object('settlement', coalesce(sp.rows, '[]'::jsonb), 'release', coalesce(rp.rows, '[]'::jsonb)),
         coalesce(rp.report_file_id, sp.report_file_id), coalesce(rp.line, sp.line)
    from (
      select r.business_date as day, sum(r.db - r.cr) as amount,
             bool_and(${COVERED('coverage', 'r.booked_at', 'r.booked_at')}) as covered,
             jsonb_agg(${LINE('r', `, 'payout_id', r.payout_id, 'amount', (r.db - r.cr)::text`)} order by r.booked_at, r.line) as rows,
             min(r.report_file_id) as report_file_id, min(r.line) as line
        from w_release_rows r where r.row_class = 'payout'
       group by r.business_date
    ) rp
    full join (
      -- payouts leave the balance: counted positive whichever sign the file writes; a cancelled withdrawal comes back
      select (s.booked_at at time zone :tz::text)::date as day,
             sum(case when upper(s.transaction_type) = 'WITHDRAWAL_CANCEL' then -1 else 1 end
                 * abs(coalesce(s.settlement_net_amount, s.transaction_amount + coalesce(s.fee_amount, 0) + coalesce(s.taxes_amount, 0)))) as amount,
             bool_and(${COVERED('release_coverage', 's.booked_at', 's.booked_at')}) as covered,
             jsonb_agg(${LINE('s', `, 'payout_id', s.source_id, 'type', s.transaction_type, 'amount', s.settlement_net_amount::text`)} order by s.booked_at, s.line) as rows,
             min(s.report_file_id) as report_file_id, min(s.line) as line
        from mp_settlement_rows s
       where upper(s.transaction_type) in ('WITHDRAWAL', 'WITHDRAWAL_CANCEL', 'PAYOUT', 'PAYOUTS') and ${OF_ACCOUNT('s', 'settlement')}
         and s.booked_at >= :start::timestamptz and s.booked_at < :end::timestamptz
       group by 1
    ) sp using (day)
   where coalesce(rp.amount, 0) <> coalesce(sp.amount, 0)
     and coalesce(rp.covered, true) and coalesce(sp.covered, true)`;

/** The statements of every release kind, in RELEASE_KINDS order. */
export function releaseKindStatements(options: ReleaseKindOptions): Readonly<Record<ReleaseKind, readonly string[]>> {
  return {
    balance_break: balanceBreak(),
    row_arithmetic: [rowArithmetic(options)],
    released_not_settled: [releasedNotSettled],
    settled_not_released: [settledNotReleased],
    payout_mismatch: [payoutMismatch],
  };
}
