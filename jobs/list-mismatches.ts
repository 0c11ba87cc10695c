/**
 * Use case: `mp-recon mismatches` and `mismatches export`. The mismatches of a filter (status, kind,
 * business dates, assignee) with the documented v_open_mismatches columns, for finance to read or to
 * take into a spreadsheet, of the accounts given (one, or every one `--account all` names). The web
 * UI's lists read the same building block.
 */
import type { Deps } from '../src/deps.ts';
import { listMismatches, type MismatchFilter, type MismatchRecord } from '../src/mismatches/list-mismatches.ts';

export async function listMismatchRecords(accounts: readonly Deps[], filter: Omit<MismatchFilter, 'accounts'>): Promise<MismatchRecord[]> {
  const [first] = accounts;
  if (!first) return [];
  return listMismatches(first.conn.db, { ...filter, accounts: accounts.map((d) => d.account.id) });
}
