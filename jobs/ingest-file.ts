/**
 * Use case: ingest one report file. The whole file is one transaction: it is registered in
 * report_files, its rows stream through COPY into a staging table, then move into the row table with
 * their natural key and occurrence number (rows an overlapping earlier file already brought are
 * skipped; identical rows inside this file are all kept), and bad rows go to rejected_rows. A crash
 * anywhere leaves nothing behind; the same file twice is a no-op that says so.
 */
import { stat } from 'node:fs/promises';
import { basename } from 'node:path';
import type pg from 'pg';
import { chunkLines, copyLine } from '../src/db/copy-text.ts';
import { withClientTransaction } from '../src/db/transaction.ts';
import type { Deps } from '../src/deps.ts';
import { ReconError } from '../src/errors.ts';
import { allRejectedError, isAllRejected, markAllRejected, noCoverage } from '../src/ingest/all-rejected.ts';
import { assertSameSite, reportSiteColumns } from '../src/ingest/site-check.ts';
import { type FileEncoding, inspectFile } from '../src/report/decode.ts';
import { naturalKeySql } from '../src/report/natural-key.ts';
import { openReport, type RejectedRow, type ReportKind } from '../src/report/parse-report.ts';
import type { ReportSchema } from '../src/report/report-schema.ts';
import { businessDateOf, businessWindow, startOfBusinessDate } from '../src/util/dates.ts';

const ANALYZE_AFTER_ROWS = 10_000;

export interface IngestRequest {
  readonly path: string;
  readonly kind?: ReportKind | undefined;
  /** Business dates the file covers; inferred from its rows when absent. */
  readonly from?: string | undefined;
  readonly to?: string | undefined;
  /** Name to record (defaults to the file's base name). */
  readonly fileName?: string | undefined;
  readonly onProgress?: (rowsRead: number) => void;
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
  /** `windows-1252` when the file was not valid UTF-8 (decode.ts). */
  readonly encoding: FileEncoding;
}

export async function ingestFile(deps: Deps, request: IngestRequest): Promise<IngestResult> {
  const fileName = request.fileName ?? basename(request.path);
  const info = await stat(request.path).catch(() => {
    throw new ReconError('FILE_NOT_FOUND', `${request.path}: no such file`);
  });
  // One pass: the sha256 and whether every byte is UTF-8 (decided over the whole file, decode.ts).
  const { sha256, encoding } = await inspectFile(request.path, fileName);
  const report = await openReport(request.path, { kind: request.kind, fileName, encoding });
  const kind = report.schema.kind;
  const log = deps.log.child({ file: fileName, kind });

  const previous = await findIngested(deps, kind, sha256, request);
  if (previous) {
    await report.rows.return(undefined);
    log.info({ reportFileId: previous.reportFileId }, 'file already ingested; nothing to do');
    return previous;
  }

  const outcome = await withClientTransaction(deps.conn.pool, async (client) => {
    // Two processes ingesting the same file: the second waits here, then finds the first one's row.
    await client.query('select pg_advisory_xact_lock(hashtext($1))', [`mp-recon:ingest:${kind}:${sha256}`]);
    const again = await findIngested(deps, kind, sha256, request, client);
    if (again) {
      await report.rows.return(undefined);
      return again;
    }
    // Coverage is known only once the rows are read; the row is completed before commit.
    const placeholder = new Date(0);
    const inserted = await client.query<{ id: string }>(
      `insert into report_files (kind, file_name, sha256, bytes, site, covers_from, covers_to, covered_start, covered_end,
                                 separator, header_style, number_style, encoding)
       values ($1, $2, $3, $4, $5, '1970-01-01', '1970-01-01', $6, $6, $7, $8, 'unknown', $9) returning id`,
      [kind, fileName, sha256, info.size, deps.config.site, placeholder, report.separator, report.headerStyle, encoding],
    );
    const reportFileId = inserted.rows[0]!.id;

    await client.query(`set local work_mem = '64MB'`);
    await client.query(stagingTableSql(report.schema));
    const rejected: RejectedRow[] = [];
    let rowsRead = 0;
    async function* copyLines(): AsyncGenerator<string> {
      for await (const row of report.rows) {
        rowsRead++;
        if (rowsRead % 50_000 === 0) request.onProgress?.(rowsRead);
        if (!row.ok) {
          rejected.push(row);
          continue;
        }
        yield copyLine([String(row.line), ...row.values, row.extra ? JSON.stringify(row.extra) : '{}']);
      }
    }
    await deps.conn.loader.copyText(client, 'stage_rows', stagingColumns(report.schema), chunkLines(copyLines()));
    request.onProgress?.(rowsRead);
    // Another site's report is refused whole, before any row moves (site-check.ts).
    await assertSameSite(client, deps.config.site, 'stage_rows', reportSiteColumns(kind), fileName);
    const allRejected = isAllRejected(rowsRead, rejected.length);

    // The staging table is a temp table: never auto-analysed, and the move below plans better with stats.
    await client.query('analyze stage_rows');
    const coverage = allRejected ? noCoverage(request.from, request.to) : await resolveCoverage(deps, client, report.schema, request, fileName);
    await client.query(stageKeysSql(report.schema));
    const stored = await client.query(moveStagedSql(report.schema), [reportFileId]);
    await insertRejected(client, reportFileId, rejected);
    const rowsStored = stored.rowCount ?? 0;
    // A large load changes the table's shape at once; refresh statistics before the next reconcile.
    if (rowsStored >= ANALYZE_AFTER_ROWS) await client.query(`analyze ${report.schema.table}`);
    const rowsGood = rowsRead - rejected.length;
    await client.query(
      `update report_files set covers_from = $2, covers_to = $3, covered_start = $4, covered_end = $5, number_style = $6,
              rows_read = $7, rows_stored = $8, rows_duplicate = $9, rows_rejected = $10
        where id = $1`,
      [
        reportFileId,
        coverage.from,
        coverage.to,
        coverage.start,
        coverage.end,
        report.numberStyle() ?? 'unknown',
        rowsRead,
        rowsStored,
        rowsGood - rowsStored,
        rejected.length,
      ],
    );
    if (allRejected) await markAllRejected(client, reportFileId);
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
      rowsRejected: rejected.length,
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
 * The same bytes ingested before for the same days (or, when the days are not declared, for any days:
 * inferring them again would give the same answer). A header-only file for other declared days is a
 * new coverage claim, not a duplicate.
 */
async function findIngested(
  deps: Deps,
  kind: ReportKind,
  sha256: string,
  request: IngestRequest,
  client?: pg.PoolClient,
): Promise<IngestResult | undefined> {
  const declared = request.from !== undefined && request.to !== undefined;
  const sql = `select id, file_name, to_char(covers_from, 'YYYY-MM-DD') as covers_from, to_char(covers_to, 'YYYY-MM-DD') as covers_to,
                      rows_read, rows_stored, rows_duplicate, rows_rejected, encoding
                 from report_files where status = 'ingested' and kind = $1 and sha256 = $2 ${declared ? 'and covers_from = $3 and covers_to = $4' : ''}
                order by id limit 1`;
  const params = declared ? [kind, sha256, request.from, request.to] : [kind, sha256];
  const result = client ? await client.query(sql, params) : await deps.conn.pool.query(sql, params);
  const row = result.rows[0];
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

function stagingColumns(schema: ReportSchema): string[] {
  return ['line', ...schema.fields.map((f) => f.column), 'extra'];
}

function stagingTableSql(schema: ReportSchema): string {
  const sqlType = { text: 'text', amount: 'numeric', timestamp: 'timestamptz' } as const;
  const columns = schema.fields.map((f) => `${f.column} ${sqlType[f.type]}`);
  return `create temp table stage_rows (line integer not null, ${columns.join(', ')}, extra jsonb not null) on commit drop`;
}

/**
 * Natural key and occurrence number of every staged row, computed over (line, key) pairs only: the
 * occurrence needs a sort, and sorting these narrow rows stays in memory where sorting whole staged
 * rows spilled to disk (measured: the move took 3x longer at 1M rows).
 */
function stageKeysSql(schema: ReportSchema): string {
  return `create temp table stage_keys on commit drop as
          select line, k, row_number() over (partition by k order by line)::int as occurrence
            from (select r.line, ${naturalKeySql(schema, 'r')} as k from stage_rows r) x`;
}

function moveStagedSql(schema: ReportSchema): string {
  const fieldColumns = schema.fields.map((f) => f.column);
  const settlement = schema.kind === 'settlement';
  const target = ['report_file_id', 'line', 'natural_key', 'occurrence', ...(settlement ? ['booked_at'] : []), ...fieldColumns, 'extra'];
  const source = [
    '$1::bigint',
    's.line',
    'k.k',
    'k.occurrence',
    ...(settlement ? ['coalesce(s.settlement_date, s.transaction_date)'] : []),
    ...fieldColumns.map((c) => `s.${c}`),
    's.extra',
  ];
  return `insert into ${schema.table} (${target.join(', ')})
          select ${source.join(', ')} from stage_rows s join stage_keys k on k.line = s.line
          on conflict (natural_key, occurrence) do nothing`;
}

interface Coverage {
  from: string;
  to: string;
  start: Date;
  end: Date;
}

async function resolveCoverage(
  deps: Deps,
  client: pg.PoolClient,
  schema: ReportSchema,
  request: IngestRequest,
  fileName: string,
): Promise<Coverage> {
  const tz = deps.config.timezone;
  if (request.from && request.to) {
    const { start, end } = businessWindow(request.from, request.to, tz);
    return { from: request.from, to: request.to, start, end };
  }
  const dateExpr = schema.kind === 'settlement' ? 'coalesce(settlement_date, transaction_date)' : 'booked_at';
  const { rows } = await client.query<{ min: Date | null; max: Date | null }>(`select min(${dateExpr}) as min, max(${dateExpr}) as max from stage_rows`);
  const min = rows[0]?.min;
  const max = rows[0]?.max;
  if (!min || !max) {
    throw new ReconError('COVERAGE_UNKNOWN', `${fileName}: the file has no dated rows, so the days it covers cannot be inferred; pass --from and --to`);
  }
  const from = request.from ?? businessDateOf(min, tz);
  const to = request.to ?? businessDateOf(max, tz);
  // Inferred coverage ends at the last row seen, not at midnight: a file cut mid-day must not vouch for
  // the rest of that day.
  return { from, to, start: startOfBusinessDate(from, tz), end: request.to ? businessWindow(from, to, tz).end : max };
}

async function insertRejected(client: pg.PoolClient, reportFileId: string, rejected: readonly RejectedRow[]): Promise<void> {
  for (let i = 0; i < rejected.length; i += 5000) {
    const batch = rejected.slice(i, i + 5000);
    await client.query(
      `insert into rejected_rows (report_file_id, line, code, message, raw)
       select $1, * from unnest($2::int[], $3::text[], $4::text[], $5::text[])`,
      [reportFileId, batch.map((r) => r.line), batch.map((r) => r.code), batch.map((r) => r.message), batch.map((r) => r.raw)],
    );
  }
}
