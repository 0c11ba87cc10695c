/**
 * Which business days the ingested reports of each kind cover, and the gaps, over a range of days
 * (default: from the first covered day to the last). A gap is a run of consecutive uncovered days.
 * Coverage is an account's: `accounts` names whose files count (every account's when absent).
 */
import { type Kysely, sql } from 'kysely';
import type { Database } from '../db/database.ts';

export const REPORT_KINDS = ['settlement', 'release'] as const;

export interface CoverageDay {
  day: string;
  covered: boolean;
  files: number;
}

export interface KindCoverage {
  kind: (typeof REPORT_KINDS)[number];
  from: string | null;
  to: string | null;
  days: CoverageDay[];
  gaps: { from: string; to: string; days: number }[];
}

export interface CoverageRange {
  /** The accounts whose report files count; every account's when absent. */
  readonly accounts?: readonly string[];
  readonly from?: string;
  readonly to?: string;
}

export async function reportCoverage(db: Kysely<Database>, range: CoverageRange): Promise<KindCoverage[]> {
  const result: KindCoverage[] = [];
  const accounts = range.accounts === undefined ? null : [...range.accounts];
  for (const kind of REPORT_KINDS) {
    const { rows } = await sql<CoverageDay>`
      with files as (
        select covers_from, covers_to from report_files
         where kind = ${kind} and (${accounts}::text[] is null or account_id = any (${accounts}::text[]))
      ), bounds as (
        select coalesce(${range.from ?? null}::date, (select min(covers_from) from files)) as d0,
               coalesce(${range.to ?? null}::date, (select max(covers_to) from files)) as d1
      )
      select to_char(d::date, 'YYYY-MM-DD') as day,
             count(f.covers_from) > 0 as covered, count(f.covers_from)::int as files
        from bounds, generate_series(bounds.d0, bounds.d1, interval '1 day') d
        left join files f on d::date between f.covers_from and f.covers_to
       group by d order by d`.execute(db);
    result.push({ kind, from: rows[0]?.day ?? null, to: rows.at(-1)?.day ?? null, days: rows, gaps: gapsOf(rows) });
  }
  return result;
}

function gapsOf(days: readonly CoverageDay[]): KindCoverage['gaps'] {
  const gaps: KindCoverage['gaps'] = [];
  for (const d of days) {
    const last = gaps.at(-1);
    if (d.covered) continue;
    if (last && last.to === previousDay(d.day)) {
      last.to = d.day;
      last.days += 1;
    } else gaps.push({ from: d.day, to: d.day, days: 1 });
  }
  return gaps;
}

function previousDay(day: string): string {
  const date = new Date(`${day}T00:00:00Z`);
  date.setUTCDate(date.getUTCDate() - 1);
  return date.toISOString().slice(0, 10);
}
