/** When the latest run of any job finished: what `accounts list` shows for a database of one account. */
import type { Kysely } from 'kysely';
import type { Database } from '../db/database.ts';

export async function lastRunFinishedAt(db: Kysely<Database>): Promise<Date | null> {
  const last = await db.selectFrom('runs').select((s) => s.fn.max('finished_at').as('at')).executeTakeFirst();
  return last?.at ? new Date(last.at as Date | string) : null;
}
