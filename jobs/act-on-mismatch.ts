/**
 * Use case: `mp-recon mismatches ack|assign|comment|resolve ID`. A person's hand on a mismatch of the
 * account, kept as an event with who, when and the note. From the CLI the person is --actor, else the
 * OS user at the terminal; the web UI acts as its logged-in user through the same building block.
 */
import type { Deps } from '../src/deps.ts';
import { actOnMismatch, type MismatchActionInput } from '../src/mismatches/act-on-mismatch.ts';
import { osUser } from '../src/mismatches/change-status.ts';

export interface MismatchActionRequest extends Omit<MismatchActionInput, 'actor' | 'account'> {
  /** Who acts; default the OS user. */
  readonly actor?: string | undefined;
}

/** Records the action; returns who it was recorded for. */
export async function recordMismatchAction(deps: Deps, request: MismatchActionRequest): Promise<{ actor: string }> {
  const actor = request.actor ?? osUser();
  await actOnMismatch(deps.conn.db, { ...request, account: deps.account.id, actor });
  return { actor };
}
