/**
 * The headline finance reads first: money at risk per currency among open and acknowledged mismatches.
 * One definition for every place that shows it (the UI's overview, the HTML report and its aging, the
 * nightly alert), so the numbers agree wherever finance reads them:
 * - each mismatch risks |difference|: two opposite differences add up, they never cancel;
 * - an order counts once, at its largest risk, when several kinds fire for it (an amount mismatch and a
 *   status mismatch are the same money);
 * - a currency mismatch risks the order's amount in the order's currency: the report's figure is in
 *   another currency and is shown beside it, never netted against it.
 * Each account's money is its own: an order id two accounts share is two orders, and the figure is
 * given per account (and its site) and currency. Reads the documented view v_open_mismatches.
 */
import { type Kysely, type RawBuilder, sql } from 'kysely';
import type { Database } from '../db/database.ts';
import { AGING_BUCKETS, type AgingLabel } from './aging.ts';

/** The currency of a mismatch that carries none. */
export const UNKNOWN_CURRENCY = '?';

export interface AtRisk {
  account_id: string;
  site: string;
  currency: string;
  amount: string;
  orders: number;
  mismatches: number;
}

/** Which open mismatches count: one account, one site, business dates [from, to]; all when left out. */
export interface RiskFilter {
  readonly account?: string | undefined;
  readonly site?: string | undefined;
  readonly from?: string | undefined;
  readonly to?: string | undefined;
}

export const RISK_CURRENCY_SQL = `case when kind = 'currency_mismatch' then coalesce(details->>'order_currency', currency) else currency end`;
export const RISK_AMOUNT_SQL = `case when kind = 'currency_mismatch' then abs(coalesce(expected_amount, 0)) else abs(coalesce(difference, 0)) end`;

/**
 * One row per order (or, for a mismatch about no order, per reference or mismatch) and currency: its
 * risk, how many mismatches fire for it, and when the oldest was first seen.
 */
function perOrderRisk(filter: RiskFilter): RawBuilder<unknown> {
  const account = filter.account ?? null;
  const site = filter.site ?? null;
  const from = filter.from ?? null;
  const to = filter.to ?? null;
  return sql`
    select account_id, site, coalesce(currency, ${UNKNOWN_CURRENCY}) as currency, order_key, max(amount) as amount, count(*) as mismatches, min(first_seen_at) as first_seen_at
      from (select account_id, site, ${sql.raw(RISK_CURRENCY_SQL)} as currency,
                   coalesce('order:' || order_id, 'ref:' || external_reference, 'id:' || id) as order_key,
                   ${sql.raw(RISK_AMOUNT_SQL)} as amount, first_seen_at
              from v_open_mismatches
             where (${account}::text is null or account_id = ${account}::text)
               and (${site}::text is null or site = ${site}::text)
               and (${from}::date is null or business_date >= ${from}::date)
               and (${to}::date is null or business_date <= ${to}::date)) risk
     group by 1, 2, 3, 4`;
}

export async function amountAtRisk(db: Kysely<Database>, filter: RiskFilter = {}): Promise<AtRisk[]> {
  const { rows } = await sql<AtRisk>`
    select account_id, site, currency, sum(amount)::text as amount, count(*)::int as orders, sum(mismatches)::int as mismatches
      from (${perOrderRisk(filter)}) per_order group by 1, 2, 3 order by 1, 2, 3`.execute(db);
  return rows;
}

export interface AtRiskByAge extends AtRisk {
  bucket: AgingLabel;
}

/**
 * The same money split by aging bucket: an order sits in the bucket of its oldest open mismatch (the
 * day someone could first have acted on it), its age counted in whole days in `timezone` up to `asOf`.
 */
export async function amountAtRiskByAge(db: Kysely<Database>, filter: RiskFilter, asOf: Date, timezone: string): Promise<AtRiskByAge[]> {
  const age = sql`greatest(0, (${asOf}::timestamptz at time zone ${timezone})::date - (first_seen_at at time zone ${timezone})::date)`;
  const bucket = sql.join(
    AGING_BUCKETS.map((b) => (Number.isFinite(b.max) ? sql`when ${age} <= ${sql.lit(b.max)} then ${b.label}::text` : sql`else ${b.label}::text`)),
    sql` `,
  );
  const { rows } = await sql<AtRiskByAge>`
    select bucket, account_id, site, currency, sum(amount)::text as amount, count(*)::int as orders, sum(mismatches)::int as mismatches
      from (select per_order.*, case ${bucket} end as bucket from (${perOrderRisk(filter)}) per_order) aged
     group by 1, 2, 3, 4 order by 2, 3, 4, 1`.execute(db);
  return rows;
}
