/**
 * Finance's hand on a mismatch: acknowledge it (someone is on it) or resolve it with a note. A resolved
 * mismatch stays resolved even if a later run still sees it; only auto-resolved ones reopen.
 */
import type { Kysely } from 'kysely';
import type { Database } from '../db/database.ts';
import { ReconError } from '../errors.ts';

export async function changeMismatchStatus(db: Kysely<Database>, id: string, action: 'ack' | 'resolve', note: string): Promise<void> {
  if (!/^\d+$/.test(id)) throw new ReconError('USAGE', `mismatch id must be a number (got '${id}')`);
  const current = await db.selectFrom('mismatches').select(['status']).where('id', '=', id).executeTakeFirst();
  if (!current) throw new ReconError('MISMATCH_NOT_FOUND', `mismatch ${id} does not exist; list them with mp-recon mismatches --status all`);
  if (current.status === 'resolved') {
    throw new ReconError('MISMATCH_BAD_TRANSITION', `mismatch ${id} is already resolved`);
  }
  if (action === 'ack') {
    await db.updateTable('mismatches').set({ status: 'acknowledged', note }).where('id', '=', id).execute();
  } else {
    await db
      .updateTable('mismatches')
      .set({ status: 'resolved', resolution: 'manual', resolved_at: new Date(), note })
      .where('id', '=', id)
      .execute();
  }
}
