/**
 * A report file none of whose rows could be stored is not evidence about its days: counted as coverage
 * it would stop fetch, backfill and the nightly cycle from ever asking for that day's real report. It
 * is kept with status `rejected` (its rejected rows stay inspectable) and covers nothing; ingest then
 * fails with INGEST_ALL_REJECTED. A header-only file (no rows at all: a quiet day) and a file whose
 * rows were all duplicates are real coverage and are not affected.
 *
 * Only the latest attempt at the same file for the same days is kept, so retrying does not pile up
 * copies of the same rejected rows (markAllRejected, report-file-store.ts).
 */
import { ReconError } from '../errors.ts';

export function isAllRejected(rowsRead: number, rowsRejected: number): boolean {
  return rowsRead > 0 && rowsRejected === rowsRead;
}

/** No coverage: an empty interval at the epoch, on the declared days if there were any. */
export function noCoverage(from: string | undefined, to: string | undefined): { from: string; to: string; start: Date; end: Date } {
  const epoch = new Date(0);
  return { from: from ?? '1970-01-01', to: to ?? from ?? '1970-01-01', start: epoch, end: epoch };
}

/** Ingest's answer for such a file, after its record and rejected rows are committed. */
export function allRejectedError(fileName: string, reportFileId: string, rowsRejected: number, schema: string): ReconError {
  return new ReconError(
    'INGEST_ALL_REJECTED',
    `${fileName}: all ${rowsRejected} row(s) were rejected, so nothing was stored and the file covers no day (it will be fetched again). ` +
      `See why: select line, code, message from ${schema}.rejected_rows where report_file_id = ${reportFileId};`,
    { details: { file: fileName, reportFileId, rowsRejected } },
  );
}
