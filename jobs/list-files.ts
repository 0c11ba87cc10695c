/**
 * Use case: `mp-recon files list`. The report files ingested for one account, with
 * their status (ingested, rejected, retracted), the days they cover and their row counts.
 */
import type { Deps } from '../src/deps.ts';
import { listReportFiles, type ReportFileRecord } from '../src/ingest/list-files.ts';

export async function listFiles(deps: Deps): Promise<ReportFileRecord[]> {
  return listReportFiles(deps.conn.db, deps.account.id);
}
