/**
 * Use case: undo one ingested report file (`mp-recon files retract ID --note TEXT`). In one transaction
 * its rows leave the row table and it stops covering its days (status `retracted`, with the note and
 * time; the record and its rejected rows stay for the history). Fetch then asks Mercado Pago for those
 * days again, and the next reconcile of them auto-resolves what only that file caused. The run is
 * recorded in `runs` (job `retract`).
 *
 * Rows are stored once: a row that a later, overlapping file also contained was skipped at that file's
 * ingest as a duplicate and is stored as this file's. Retracting this file alone would lose it. So a
 * retract is refused (RETRACT_OVERLAPPING_FILES) while a later ingested file of the same kind had
 * duplicates and overlaps this file's days or rows; the message names those files: retract them first
 * (newest first), then this one, and ingest again the ones to keep. Which earlier file a duplicate
 * matched is not recorded, so the test is conservative: it may name a file whose duplicates belonged
 * to another file, never miss one whose rows could be lost.
 */
import type { Deps } from '../src/deps.ts';
import { ReconError } from '../src/errors.ts';
import { findAccountFile, laterOverlappingFiles, lockFileStatus, retractReportFile } from '../src/ingest/retract-store.ts';
import { inRun } from '../src/runs/runs.ts';

export interface RetractResult extends Record<string, unknown> {
  readonly reportFileId: string;
  readonly kind: 'settlement' | 'release';
  readonly fileName: string;
  readonly coversFrom: string;
  readonly coversTo: string;
  readonly rowsRemoved: number;
  readonly runId: string;
}

export async function retractFile(deps: Deps, id: string, note: string): Promise<RetractResult> {
  if (!/^\d+$/.test(id)) throw new ReconError('USAGE', `report file id must be a number (got '${id}')`);
  const db = deps.conn.db;
  const account = deps.account.id;
  // Another account's file of that id is not this account's to retract: it is not found here.
  const file = await findAccountFile(db, account, id);
  if (!file) throw new ReconError('REPORT_FILE_NOT_FOUND', `report file ${id} does not exist for account ${account}; list them with mp-recon files list --account ${account}`);
  return inRun(db, 'retract', { account, from: file.from, to: file.to }, () =>
    db.transaction().execute(async (trx) => {
      const status = await lockFileStatus(trx, account, id);
      if (status !== 'ingested') {
        throw new ReconError('REPORT_FILE_NOT_INGESTED', `report file ${id} is ${status}, not ingested: it has no rows or coverage to retract`);
      }
      const overlapping = await laterOverlappingFiles(trx, account, id, file.kind);
      if (overlapping.length > 0) {
        const names = overlapping.map((f) => `${f.id} (${f.file_name})`).join(', ');
        throw new ReconError(
          'RETRACT_OVERLAPPING_FILES',
          `report file ${id} holds rows that later overlapping files may also contain (they were stored once, as file ${id}'s): ${names}. ` +
            `Retract those first, newest first (mp-recon files retract ${overlapping[0]!.id} --account ${account} --note ...), then file ${id}, and ingest again the files to keep.`,
          { details: { reportFileId: id, overlapping: overlapping.map((f) => f.id) } },
        );
      }
      const rowsRemoved = await retractReportFile(trx, account, id, file.kind, note);
      deps.log.info({ reportFileId: id, kind: file.kind, rowsRemoved }, 'report file retracted');
      return { reportFileId: id, kind: file.kind, fileName: file.file_name, coversFrom: file.from, coversTo: file.to, rowsRemoved, note };
    }),
  );
}
