/**
 * The days ingested reports of one kind cover, as merged islands: overlapping or touching intervals
 * (a weekly file and the daily ones inside it, consecutive daily files) become one [s, e] span, so
 * "covered" can be asked of any instant with one range test. Only `ingested` files cover: a rejected or
 * retracted one vouches for nothing. Only the account's files: another account's reports vouch for
 * nothing in its books, even of the same site.
 */
export function coverageIslandsSql(table: string, kind: 'settlement' | 'release'): string {
  return `create temp table ${table} on commit drop as
   with f as (
     select covered_start as s, covered_end as e,
            max(covered_end) over (order by covered_start, covered_end rows between unbounded preceding and 1 preceding) as prev_end
       from report_files where account_id = :account::text and kind = '${kind}' and site = :site::text and status = 'ingested'
   ), g as (
     select s, e, sum(case when prev_end >= s then 0 else 1 end) over (order by s, e) as island from f
   )
   select min(s) as s, max(e) as e from g
    group by island`;
}
