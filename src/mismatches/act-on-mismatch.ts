/**
 * A person's hand on a mismatch: acknowledge, assign, comment or resolve, each an event with who and
 * why. The update and its event share one transaction that sets `mp_recon.manual`, so the lifecycle
 * triggers (which record what reconcile runs do) skip it and nothing is recorded twice. A resolved
 * mismatch stays resolved even if a later run still sees it; only auto-resolved ones reopen.
 * Ids are global; given an account, a mismatch of another account is not found (the CLI acts on the
 * account --account names; the UI, which shows every account, acts on any).
 */
import { type Kysely, sql } from 'kysely';
import type { Database, MismatchAction } from '../db/database.ts';
import { ReconError } from '../errors.ts';

export type ManualAction = Extract<MismatchAction, 'acknowledged' | 'assigned' | 'commented' | 'resolved'>;

export interface MismatchActionInput {
  readonly id: string;
  /** The account the mismatch must belong to; any account's when left out. */
  readonly account?: string | undefined;
  readonly action: ManualAction;
  readonly actor: string;
  readonly note?: string | undefined;
  /** For assigned: who takes it (empty string unassigns). */
  readonly assignee?: string | undefined;
}

export async function actOnMismatch(db: Kysely<Database>, input: MismatchActionInput): Promise<void> {
  const { id, action, actor } = input;
  if (!/^\d+$/.test(id)) throw new ReconError('USAGE', `mismatch id must be a number (got '${id}')`);
  if (!actor.trim()) throw new ReconError('USAGE', 'an action needs an actor');
  const note = input.note?.trim() || null;
  if ((action === 'resolved' || action === 'commented') && !note) {
    throw new ReconError('USAGE', `${action === 'resolved' ? 'resolving' : 'a comment'} needs a note`);
  }
  if (action === 'assigned' && input.assignee === undefined) throw new ReconError('USAGE', 'assign needs an assignee');
  await db.transaction().execute(async (tx) => {
    await sql`select set_config('mp_recon.manual', 'on', true)`.execute(tx);
    let lookup = tx.selectFrom('mismatches').select(['status']).where('id', '=', id);
    if (input.account !== undefined) lookup = lookup.where('account_id', '=', input.account);
    const current = await lookup.forUpdate().executeTakeFirst();
    if (!current) throw notFound(id, input.account);
    if (current.status === 'resolved' && action !== 'commented') {
      throw new ReconError('MISMATCH_BAD_TRANSITION', `mismatch ${id} is already resolved; only a comment can be added`);
    }
    const update = tx.updateTable('mismatches').where('id', '=', id);
    const withNote = note === null ? {} : { note };
    if (action === 'acknowledged') await update.set({ status: 'acknowledged', ...withNote }).execute();
    if (action === 'resolved') await update.set({ status: 'resolved', resolution: 'manual', resolved_at: new Date(), ...withNote }).execute();
    if (action === 'assigned') await update.set({ assignee: input.assignee?.trim() || null, ...withNote }).execute();
    if (action === 'commented') await update.set({ note }).execute();
    const eventNote = action === 'assigned' ? [input.assignee?.trim() ? `to ${input.assignee.trim()}` : 'unassigned', note].filter(Boolean).join(': ') : note;
    await tx.insertInto('mismatch_events').values({ mismatch_id: id, actor: actor.trim(), action, note: eventNote, run_id: null }).execute();
  });
}

/** The same answer whether the id is unused or another account's: an account's books never reveal another's. */
export function notFound(id: string, account: string | undefined): ReconError {
  const where = account === undefined ? '' : ` in account ${account}`;
  const list = account === undefined ? 'mp-recon mismatches --status all' : `mp-recon mismatches --account ${account} --status all`;
  return new ReconError('MISMATCH_NOT_FOUND', `mismatch ${id} does not exist${where}; list them with ${list}`);
}
