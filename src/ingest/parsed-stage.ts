/**
 * The Node parser's path of an ingest, for files the fast path cannot vouch for: every record is
 * parsed and typed in Node (src/parse/parse-report.ts) and streamed through COPY into the temp table
 * `stage_rows`, good rows and rejected ones alike (a rejected row carries its code, message and raw
 * text instead of values). Nothing is held in memory but the batch in flight, so a file of a million
 * bad rows costs what a file of a hundred does.
 */
import type { Transaction } from '../db/transaction.ts';
import { chunkLines, copyLine } from './copy-text.ts';
import type { OpenedReport } from '../parse/parse-report.ts';
import type { ReportSchema } from '../parse/report-schema.ts';

export interface ParsedStageResult {
  readonly rowsRead: number;
  readonly rowsRejected: number;
}

export async function stageParsedRows(tx: Transaction, report: OpenedReport, onProgress?: (rowsRead: number) => void): Promise<ParsedStageResult> {
  const { schema } = report;
  // COPY needs the transaction's raw client (src/db/transaction.ts).
  const { client, loader } = tx;
  await client.query(stagingTableSql(schema));
  let rowsRead = 0;
  let rowsRejected = 0;
  const nulls = schema.fields.map(() => null);
  async function* copyLines(): AsyncGenerator<string> {
    for await (const row of report.rows) {
      rowsRead++;
      if (rowsRead % 50_000 === 0) onProgress?.(rowsRead);
      if (row.ok) {
        yield copyLine([String(row.line), ...row.values, row.extra ? JSON.stringify(row.extra) : '{}', null, null, null]);
      } else {
        rowsRejected++;
        yield copyLine([String(row.line), ...nulls, '{}', row.code, row.message, row.raw]);
      }
    }
  }
  await loader.copyText(client, 'stage_rows', stagingColumns(schema), chunkLines(copyLines()));
  // A temp table is never auto-analysed, and the moves that follow plan better with statistics.
  await client.query('analyze stage_rows');
  return { rowsRead, rowsRejected };
}

function stagingColumns(schema: ReportSchema): string[] {
  return ['line', ...schema.fields.map((f) => f.column), 'extra', 'rejected_code', 'rejected_message', 'raw'];
}

function stagingTableSql(schema: ReportSchema): string {
  const sqlType = { text: 'text', amount: 'numeric', timestamp: 'timestamptz' } as const;
  const columns = schema.fields.map((f) => `${f.column} ${sqlType[f.type]}`);
  return `create temp table stage_rows (line integer not null, ${columns.join(', ')}, extra jsonb not null,
            rejected_code text, rejected_message text, raw text) on commit drop`;
}
