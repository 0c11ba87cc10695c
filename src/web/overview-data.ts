/**
 * What the overview shows, account by account: money at risk, open mismatches by kind with their next
 * step, aging, runs.
 */
import { type Kysely, sql } from 'kysely';
import type { Database } from '../db/database.ts';
import { RISK_AMOUNT_SQL, RISK_CURRENCY_SQL } from '../finance/at-risk.ts';

export interface OpenByKind {
  account_id: string;
  site: string;
  kind: string;
  currency: string;
  mismatches: number;
  at_risk: string;
}

export async function openByKind(db: Kysely<Database>): Promise<OpenByKind[]> {
  const { rows } = await sql<OpenByKind>`
    select account_id, site, kind, coalesce(${sql.raw(RISK_CURRENCY_SQL)}, '?') as currency, count(*)::int as mismatches, sum(${sql.raw(RISK_AMOUNT_SQL)})::text as at_risk
      from mismatches where status in ('open', 'acknowledged') group by 1, 2, 3, 4 order by 1, 2, 3, 4`.execute(db);
  return rows;
}

export interface AgingCount {
  account_id: string;
  bucket: string;
  mismatches: number;
}

export async function openAging(db: Kysely<Database>, now: Date): Promise<AgingCount[]> {
  const { rows } = await sql<AgingCount>`
    select account_id, case when age < 3 then '0-2 days' when age < 8 then '3-7 days' when age < 31 then '8-30 days' else 'over 30 days' end as bucket,
           count(*)::int as mismatches
      from (select account_id, extract(day from ${now}::timestamptz - first_seen_at) as age from mismatches where status in ('open', 'acknowledged')) a
     group by 1, 2 order by 1, min(age)`.execute(db);
  return rows;
}

export interface RunLine {
  id: string;
  account_id: string;
  job: string;
  window: string;
  status: string;
  error_code: string | null;
  started_at: string;
  seconds: string | null;
}

export async function recentRuns(db: Kysely<Database>, limit: number): Promise<RunLine[]> {
  const { rows } = await sql<RunLine>`
    select id::text, account_id, job, coalesce(to_char(window_from, 'YYYY-MM-DD') || '..' || to_char(window_to, 'YYYY-MM-DD'), '') as window, status, error_code,
           to_char(started_at at time zone 'UTC', 'YYYY-MM-DD HH24:MI') as started_at,
           round(extract(epoch from finished_at - started_at)::numeric, 1)::text as seconds
      from runs order by id desc limit ${limit}`.execute(db);
  return rows;
}
