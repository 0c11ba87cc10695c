/**
 * Use case: ingest one report file. The whole file is one transaction: it is registered in
 * report_files, its rows are staged — by the raw-COPY fast path when the file is in the plain form
 * Mercado Pago writes, else by the row-by-row parser, which names every bad row — then move into the
 * row table with their natural key and occurrence number (rows an overlapping earlier file already
 * brought are skipped; identical rows inside this file are all kept), and bad rows go to
 * rejected_rows. A crash anywhere leaves nothing behind; the same file twice is a no-op that says so.
 *
 * Everything belongs to the account of `deps`: its record, its rows (in the account's partition), its
 * rejected rows. A report of another site or another Mercado Pago user is refused whole (site-check.ts);
 * the same bytes ingested by two accounts are two files, each its account's.
 */
import { basename } from 'node:path';
import type { Kysely } from 'kysely';
import type { Database } from '../src/db/database.ts';
import { inTransaction, setLocalWorkMem } from '../src/db/transaction.ts';
import type { Deps } from '../src/deps.ts';
import { allRejectedError, isAllRejected, noCoverage } from '../src/ingest/all-rejected.ts';
import { resolveCoverage } from '../src/ingest/coverage.ts';
import { stageParsedRows } from '../src/ingest/parsed-stage.ts';
import { dropRawStage, stageRawFile } from '../src/ingest/raw-stage.ts';
import { completeReportFile, findIngestedFile, insertReportFile, markAllRejected } from '../src/ingest/report-file-store.ts';
import { analyzeRowTable, bookedSpan, partitionName, storeRejectedRows, storeStagedRows } from '../src/ingest/store-staged-rows.ts';
import { statisticsOutdated } from '../src/db/table-statistics.ts';
import { assertSameAccount, reportSiteColumns } from '../src/ingest/site-check.ts';
import { surveyFile } from '../src/ingest/survey-file.ts';
import type { FileEncoding } from '../src/parse/decode.ts';
import { openReport, type ReportKind } from '../src/parse/parse-report.ts';
import { lockForTransaction } from '../src/runs/locks.ts';
import { SITES } from '../src/sites.ts';
import { statInputFile } from '../src/util/input-file.ts';

export interface IngestRequest {
  readonly path: string;
  readonly kind?: ReportKind | undefined;
  /** Business dates the file covers; inferred from its rows when absent. */
  readonly from?: string | undefined;
  readonly to?: string | undefined;
  /** Name to record (defaults to the file's base name). */
  readonly fileName?: string | undefined;
  readonly onProgress?: (rowsRead: number) => void;
  /** `parser` skips the raw-COPY fast path (tests compare the two readers). */
  readonly reader?: 'auto' | 'parser';
}

export interface IngestResult {
  readonly status: 'ingested' | 'already_ingested';
  readonly reportFileId: string;
  readonly kind: ReportKind;
  readonly fileName: string;
  readonly coversFrom: string;
  readonly coversTo: string;
  readonly rowsRead: number;
  readonly rowsStored: number;
  readonly rowsDuplicate: number;
  readonly rowsRejected: number;
  /** Which reader stored the rows: the raw-COPY fast path or the row-by-row parser (absent when nothing was read). */
  readonly reader?: 'raw-copy' | 'parser';
  /** `windows-1252` when the file was not valid UTF-8 (decode.ts). */
  readonly encoding: FileEncoding;
}

export async function ingestFile(deps: Deps, request: IngestRequest): Promise<IngestResult> {
  const fileName = request.fileName ?? basename(request.path);
  await statInputFile(request.path);
  // One pass over the bytes first: the sha256, the encoding (decided over the whole file) and what the
  // fast path needs to know.
  const survey = await surveyFile(request.path, fileName);
  const encoding = survey.encoding;
  const report = await openReport(request.path, { kind: request.kind, fileName, currency: deps.config.currency, encoding });
  const kind = report.schema.kind;
  const log = deps.log.child({ file: fileName, kind });

  const account = deps.account.id;
  const previous = await findIngested(deps.conn.db, account, kind, survey.sha256, request);
  if (previous) {
    await report.rows.return(undefined);
    log.info({ reportFileId: previous.reportFileId }, 'file already ingested; nothing to do');
    return previous;
  }

  const outcome = await inTransaction(deps.conn, async (tx) => {
    // One ingest of a kind at a time per account: the second waits here, then finds the first one's file,
    // or stores only the rows the first did not (store-staged-rows.ts relies on this).
    await lockForTransaction(tx, deps.config.schema, 'ingest', account, kind);
    const again = await findIngested(tx.db, account, kind, survey.sha256, request);
    if (again) {
      await report.rows.return(undefined);
      return again;
    }
    // Coverage is known only once the rows are read; the row is completed before commit.
    const reportFileId = await insertReportFile(tx.db, {
      account,
      kind,
      fileName,
      sha256: survey.sha256,
      bytes: survey.bytes,
      site: deps.config.site,
      separator: report.separator,
      headerStyle: report.headerStyle,
      encoding,
    });
    // The file's keys are grouped in memory: at a million rows they outgrow the default work_mem.
    await setLocalWorkMem(tx, '256MB');

    const fast =
      request.reader === 'parser'
        ? ({ staged: false, reason: 'parser requested' } as const)
        : await stageRawFile(tx, request.path, report, survey, SITES[deps.config.site].decimals);
    let rowsRead: number;
    let rowsRejected = 0;
    let numberStyle: string | undefined;
    if (fast.staged) {
      await report.rows.return(undefined);
      rowsRead = fast.rows;
      numberStyle = fast.numberStyle;
    } else {
      log.debug({ reason: fast.reason }, 'reading the file with the row-by-row parser');
      const parsed = await stageParsedRows(tx, report, request.onProgress);
      rowsRead = parsed.rowsRead;
      rowsRejected = parsed.rowsRejected;
      numberStyle = report.numberStyle();
    }
    request.onProgress?.(rowsRead);

    // Another site's or another seller's report is refused whole, before any row moves (site-check.ts).
    await assertSameAccount(tx, deps.account, 'stage_rows', reportSiteColumns(kind), fileName);
    const allRejected = isAllRejected(rowsRead, rowsRejected);
    const span = fast.staged ? fast.span : await bookedSpan(tx, report.schema);
    const coverage = allRejected ? noCoverage(request.from, request.to) : resolveCoverage(span, request, deps.config.timezone, fileName);
    const rowsStored = await storeStagedRows(tx, report.schema, account, reportFileId, span);
    if (rowsRejected > 0) await storeRejectedRows(tx, account, reportFileId);
    if (fast.staged) await dropRawStage(tx);
    if (await statisticsOutdated(tx, partitionName(report.schema, account), rowsStored)) await analyzeRowTable(tx, report.schema, account);
    const rowsGood = rowsRead - rowsRejected;
    await completeReportFile(tx.db, account, reportFileId, {
      coversFrom: coverage.from,
      coversTo: coverage.to,
      coveredStart: coverage.start,
      coveredEnd: coverage.end,
      numberStyle: numberStyle ?? 'unknown',
      rowsRead,
      rowsStored,
      rowsDuplicate: rowsGood - rowsStored,
      rowsRejected,
    });
    if (allRejected) await markAllRejected(tx.db, account, reportFileId);
    const result = {
      status: allRejected ? ('rejected' as const) : ('ingested' as const),
      reportFileId,
      kind,
      fileName,
      coversFrom: coverage.from,
      coversTo: coverage.to,
      rowsRead,
      rowsStored,
      rowsDuplicate: rowsGood - rowsStored,
      rowsRejected,
      reader: fast.staged ? ('raw-copy' as const) : ('parser' as const),
      encoding,
    };
    log.info(result, allRejected ? 'file rejected: no row could be stored' : 'file ingested');
    return result;
  });
  // Committed above with its rejected rows, for inspection; the file covers nothing (all-rejected.ts).
  if (outcome.status === 'rejected') throw allRejectedError(fileName, outcome.reportFileId, outcome.rowsRejected, deps.config.schema);
  return { ...outcome, status: outcome.status };
}

/**
 * The same bytes ingested before by the account for the same days (or, when the days are not declared, for any days:
 * inferring them again would give the same answer). A header-only file for other declared days is a
 * new coverage claim, not a duplicate.
 */
async function findIngested(db: Kysely<Database>, account: string, kind: ReportKind, sha256: string, request: IngestRequest): Promise<IngestResult | undefined> {
  const declared = request.from !== undefined && request.to !== undefined ? { from: request.from, to: request.to } : undefined;
  const row = await findIngestedFile(db, account, kind, sha256, declared);
  if (!row) return undefined;
  return {
    status: 'already_ingested',
    reportFileId: row.id,
    kind,
    fileName: row.file_name,
    coversFrom: row.covers_from,
    coversTo: row.covers_to,
    rowsRead: row.rows_read,
    rowsStored: 0,
    rowsDuplicate: 0,
    rowsRejected: 0,
    encoding: row.encoding,
  };
}
