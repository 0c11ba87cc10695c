/**
 * Use case: `mp-recon mismatches show ID`. One mismatch of the account with its provenance (the report
 * rows and the internal records behind it) and its history of events: who did what, when and why.
 */
import type { Deps } from '../src/deps.ts';
import { type MismatchDetail, showMismatch } from '../src/mismatches/show-mismatch.ts';

export async function mismatchDetail(deps: Deps, id: string): Promise<MismatchDetail> {
  return showMismatch(deps.conn.db, id, deps.account.id);
}
