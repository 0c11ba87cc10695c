/**
 * Use case: `mp-recon mismatches` and `mismatches export`. The mismatches of a filter (status, kind,
 * business dates, assignee) with the documented v_open_mismatches columns, for finance to read or to
 * take into a spreadsheet. The web UI's lists read the same building block.
 */
import type { Deps } from '../src/deps.ts';
import { listMismatches, type MismatchFilter, type MismatchRecord } from '../src/mismatches/list-mismatches.ts';

export async function listMismatchRecords(deps: Deps, filter: MismatchFilter): Promise<MismatchRecord[]> {
  return listMismatches(deps.conn.db, filter);
}
