/**
 * The headline finance reads first: money at risk per currency among open and acknowledged mismatches.
 * Each mismatch risks |difference|; an order counts once, at its largest risk, when several kinds fire
 * for it (an amount mismatch and a status mismatch are the same money). A currency mismatch risks the
 * order's amount in the order's currency: the report's figure is in another currency and is shown
 * beside it, never netted against it.
 */
import { type Kysely, sql } from 'kysely';
import type { Database } from '../db/database.ts';

export interface AtRisk {
  site: string;
  currency: string;
  amount: string;
  orders: number;
  mismatches: number;
}

export const RISK_CURRENCY_SQL = `case when kind = 'currency_mismatch' then coalesce(details->>'order_currency', currency) else currency end`;
export const RISK_AMOUNT_SQL = `case when kind = 'currency_mismatch' then abs(coalesce(expected_amount, 0)) else abs(coalesce(difference, 0)) end`;

export async function amountAtRisk(db: Kysely<Database>, site?: string): Promise<AtRisk[]> {
  const { rows } = await sql<AtRisk>`
    with risk as (
      select site, ${sql.raw(RISK_CURRENCY_SQL)} as currency,
             coalesce('order:' || order_id, 'ref:' || external_reference, 'id:' || id) as order_key,
             ${sql.raw(RISK_AMOUNT_SQL)} as amount
        from mismatches
       where status in ('open', 'acknowledged') and (${site ?? null}::text is null or site = ${site ?? null}::text)
    ), per_order as (
      select site, currency, order_key, max(amount) as amount, count(*) as mismatches from risk group by 1, 2, 3
    )
    select site, coalesce(currency, '?') as currency, sum(amount)::text as amount, count(*)::int as orders, sum(mismatches)::int as mismatches
      from per_order group by 1, 2 order by 1, 2`.execute(db);
  return rows;
}
