/**
 * Folds one run's findings into the mismatches table of the run's account. (account, kind, subject)
 * identifies a mismatch, so a re-run updates last_seen and never duplicates, and two accounts never
 * share one (the same order id or payment subject in two stores are two mismatches); one resolved automatically that comes back is
 * reopened; an acknowledged or hand-resolved one keeps its status. Mismatches of the window's dates
 * and kinds that the run no longer finds are resolved with resolution `auto`.
 */
import { sql } from 'kysely';
import type { Transaction } from '../db/transaction.ts';

/**
 * The run's findings counted by kind, once statistics are fresh: the merge and the auto-resolve join
 * findings by its key, and statistics let the planner hash it.
 */
export async function findingsByKind(tx: Transaction): Promise<Record<string, number>> {
  await tx.run(sql`analyze findings`);
  const { rows } = await tx.run(sql<{ kind: string; n: string }>`select kind, count(*) as n from findings group by kind order by kind`);
  return Object.fromEntries(rows.map((r) => [r.kind, Number(r.n)]));
}

export const MERGE_STATEMENT = `
  with merged as (
  insert into mismatches as m (account_id, kind, subject, site, currency, business_date, external_reference, order_id, mp_payment_id,
                               expected_amount, actual_amount, difference, details, report_file_id, line,
                               first_seen_run, last_seen_run)
  select :account::text, kind, subject, :site::text, currency, business_date, external_reference, order_id, mp_payment_id,
         expected_amount, actual_amount, coalesce(actual_amount, 0) - coalesce(expected_amount, 0), details, report_file_id, line,
         :run::bigint, :run::bigint
    from findings
  on conflict (account_id, kind, subject) do update set
    currency = excluded.currency,
    external_reference = excluded.external_reference,
    order_id = excluded.order_id,
    mp_payment_id = excluded.mp_payment_id,
    expected_amount = excluded.expected_amount,
    actual_amount = excluded.actual_amount,
    difference = excluded.difference,
    details = excluded.details,
    report_file_id = excluded.report_file_id,
    line = excluded.line,
    last_seen_run = excluded.last_seen_run,
    last_seen_at = now(),
    status = case when m.status = 'resolved' and m.resolution = 'auto' then 'open' else m.status end,
    resolved_at = case when m.status = 'resolved' and m.resolution = 'auto' then null else m.resolved_at end,
    resolution = case when m.status = 'resolved' and m.resolution = 'auto' then null else m.resolution end
  returning (xmax = 0) as inserted)
  select count(*) as found, count(*) filter (where inserted) as inserted from merged`;

/**
 * Read before the merge: how many findings reopen an auto-resolved mismatch or confirm an open one. Each
 * finding looks its mismatch up through the (account, kind, subject) key (a lateral LIMIT 1 is never turned into
 * a join), so the cost follows the findings, not the mismatches kept from every past run.
 */
export const PRIOR_STATE_STATEMENT = `
  select count(*) filter (where m.status = 'resolved' and m.resolution = 'auto') as reopened,
         count(*) filter (where m.status in ('open', 'acknowledged')) as still_open
    from findings f
    join lateral (select m.status, m.resolution from mismatches m where m.account_id = :account::text and m.kind = f.kind and m.subject = f.subject limit 1) m on true`;

/**
 * The account's open mismatches of the window's dates are reached through (account, status,
 * business_date) and set against the (analysed, keyed) findings in one hashed anti-join. Another
 * account's mismatches are never touched, even of the same site and dates.
 */
export const AUTO_RESOLVE_STATEMENT = `
  update mismatches m
     set status = 'resolved', resolution = 'auto', resolved_at = now(), last_seen_run = :run::bigint
   where m.account_id = :account::text
     and m.site = :site::text
     and m.status in ('open', 'acknowledged')
     and m.kind = any (:kinds::text[])
     and m.business_date >= (:start::timestamptz at time zone :tz::text)::date
     and m.business_date < (:end::timestamptz at time zone :tz::text)::date
     and not exists (select 1 from findings f where f.kind = m.kind and f.subject = m.subject)`;
