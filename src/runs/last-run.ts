/** When each account's latest run finished: what `accounts list` shows. */
import type { Kysely } from 'kysely';
import type { Database } from '../db/database.ts';

export async function lastRunsFinishedAt(db: Kysely<Database>): Promise<Map<string, Date>> {
  const rows = await db
    .selectFrom('runs')
    .select((s) => ['account_id', s.fn.max('finished_at').as('at')])
    .groupBy('account_id')
    .execute();
  return new Map(rows.filter((r) => r.at !== null).map((r) => [r.account_id, new Date(r.at as Date | string)]));
}
