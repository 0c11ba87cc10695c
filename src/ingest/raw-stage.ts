/**
 * The fast path of an ingest: the report file's bytes go into Postgres as they are (COPY … CSV into an
 * all-text temp table, as fast as psql's \copy), the database tests every row against the plain form
 * (raw-typing-sql.ts), and the typed rows are read through a temp view `stage_rows` with the same
 * columns the Node parser's staging table has, so the rest of the ingest is shared.
 *
 * It runs inside a savepoint. Whenever it cannot vouch for a file — the COPY fails (a malformed quote,
 * a wrong column count, bytes that are not UTF-8), a record spans lines, or one row is not in the
 * plain form — it rolls back to the savepoint and says so, and the caller reads the file with the
 * Node parser, which names every bad row.
 */
import { sql } from 'kysely';
import type pg from 'pg';
import type { Transaction } from '../db/transaction.ts';
import { CURRENCY_KEYS } from '../parse/amount-scale.ts';
import { maxCharsOfReportKey } from '../parse/field-limits.ts';
import type { OpenedReport } from '../parse/parse-report.ts';
import { currenciesWithFewerDecimals } from '../sites.ts';
import { JS_TRIM_CHARS, plainAmountsSql, plainFieldSql, typedValueSql } from './raw-typing-sql.ts';
import type { BookedSpan } from './store-staged-rows.ts';
import type { FileSurvey } from './survey-file.ts';

export type RawStageResult =
  | { readonly staged: true; readonly rows: number; readonly numberStyle: 'dot' | undefined; readonly span: BookedSpan }
  | { readonly staged: false; readonly reason: string };

export async function stageRawFile(
  tx: Transaction,
  path: string,
  report: OpenedReport,
  survey: FileSurvey,
  currencyScale: number,
): Promise<RawStageResult> {
  if (!survey.plainCsv) return { staged: false, reason: 'quotes or line breaks the fast path cannot vouch for' };
  if (survey.emptyLines > 0) return { staged: false, reason: 'empty lines' };
  if (survey.encoding !== 'utf-8') return { staged: false, reason: 'not UTF-8' };
  const width = report.headerWidth;
  const raw = Array.from({ length: width }, (_, i) => `c${i}`);
  // COPY and the savepoint around it need the transaction's raw client (src/db/transaction.ts).
  const { client, loader } = tx;
  await client.query('savepoint raw_stage');
  try {
    await client.query(`create temp table raw_rows (line integer generated always as identity (start with 2), ${raw.map((c) => `${c} text`).join(', ')}) on commit drop`);
    await loader.copyCsvFile(client, 'raw_rows', raw, path, report.separator);
    const sql = rawStageSql(report, currencyScale, { normalize: !survey.ascii, longestCell: survey.maxLineBytes });
    const { rows } = await client.query<{ rows: string; bad: string; dotted: boolean | null; min: Date | null; max: Date | null }>(sql.check);
    const stats = rows[0]!;
    const count = Number(stats.rows);
    if (count + 1 !== survey.lines) return await abandon(client, `${survey.lines - 1} lines but ${count} records`);
    if (Number(stats.bad) > 0) return await abandon(client, `${stats.bad} rows not in the plain form`);
    await client.query(sql.view);
    await client.query('release savepoint raw_stage');
    return { staged: true, rows: count, numberStyle: stats.dotted ? 'dot' : undefined, span: { min: stats.min, max: stats.max } };
  } catch (err) {
    // The COPY or a cast refused a value: the Node parser will say which row and why.
    return abandon(client, (err as Error).message);
  }
}

/** Drops the fast path's view once its rows are stored (the temp table under it goes at commit). */
export async function dropRawStage(tx: Transaction): Promise<void> {
  await tx.run(sql`drop view stage_rows`);
}

async function abandon(client: pg.PoolClient, reason: string): Promise<RawStageResult> {
  await client.query('rollback to savepoint raw_stage');
  await client.query('release savepoint raw_stage');
  return { staged: false, reason };
}

/** The row check (with the file's number style) and the typed view over raw_rows. */
export interface RawStageOptions {
  /** Put text in Unicode NFC (the file has non-ASCII bytes). */
  readonly normalize: boolean;
  /** No cell is longer than this many bytes (the longest line): length limits below it need no test. */
  readonly longestCell: number;
}

export function rawStageSql(report: OpenedReport, currencyScale: number, { normalize, longestCell }: RawStageOptions): { check: string; view: string } {
  const { schema, header } = report;
  const cellOf = (key: string) => {
    const i = header.indexOf(key);
    return i === -1 ? undefined : `r.c${i}`;
  };
  const tests: string[] = [];
  const amounts: string[] = [];
  const values: string[] = [];
  // Every timestamp is cast by the check itself, so an impossible date (Feb 30) fails there, inside
  // the savepoint, and not later in the move.
  const casts: string[] = [];
  const fewer = currenciesWithFewerDecimals(currencyScale);
  const typed = new Map<string, string>();
  for (const field of schema.fields) {
    const cell = cellOf(field.key);
    const value = typedValueSql(field, cell, normalize);
    typed.set(field.column, value);
    values.push(`${value} as ${field.column}`);
    if (field.type === 'timestamp' && cell) casts.push(`max(${value})`);
    // FIELD_TOO_LONG, tested in bytes and before trimming: a cell within the limit in characters but
    // not so tested only sends the file to the parser.
    const max = maxCharsOfReportKey(field.key);
    if (field.type === 'text' && cell && longestCell > max) tests.push(`coalesce(octet_length(${cell}), 0) <= ${max}`);
    // AMOUNT_SCALE: a row in a currency with fewer decimals than the site's is held to that smaller
    // scale by the parser; such rows are left to it.
    if (CURRENCY_KEYS.includes(field.key) && cell && fewer.length > 0) {
      tests.push(`btrim(coalesce(${cell}, ''), ${JS_TRIM_CHARS}) not in (${fewer.map((c) => `'${c}'`).join(', ')})`);
    }
    const test = plainFieldSql(field, cell);
    if (test) tests.push(test);
    if (field.type === 'amount' && cell) amounts.push(cell);
  }
  const amountTest = plainAmountsSql(amounts, currencyScale);
  if (amountTest) tests.push(amountTest);
  const oneOf = schema.rowNeedsOneOf.map(cellOf).filter((c): c is string => c !== undefined);
  if (oneOf.length > 0) tests.push(`(${oneOf.map((c) => `coalesce(${c}, '') <> ''`).join(' or ')})`);
  // A column with no name in the header: the Node parser accepts the row only when the cell is blank.
  for (let i = 0; i < report.headerWidth; i++) {
    if (!header.keys[i]) tests.push(`btrim(coalesce(r.c${i}, ''), ${JS_TRIM_CHARS}) = ''`);
  }
  const known = new Set(schema.fields.map((f) => header.indexOf(f.key)));
  const extraValue = (i: number) => (normalize ? `normalize(nullif(r.c${i}, ''), NFC)` : `nullif(r.c${i}, '')`);
  const extras = header.keys.flatMap((key, i) => (key && !known.has(i) ? [`'${key.replace(/'/g, "''")}', ${extraValue(i)}`] : []));
  const extra = extras.length === 0 ? `'{}'::jsonb` : `jsonb_strip_nulls(${chunked(extras).map((args) => `jsonb_build_object(${args.join(', ')})`).join(' || ')})`;
  const plain = tests.length === 0 ? 'true' : tests.join('\n and ');
  const dotted = amounts.length === 0 ? 'false' : `bool_or(strpos(concat(${amounts.join(', ')}), '.') > 0)`;
  const booked = schema.kind === 'settlement' ? `coalesce(${typed.get('settlement_date')}, ${typed.get('transaction_date')})` : typed.get('booked_at')!;
  return {
    check: `select count(*) as rows, count(*) filter (where not coalesce(${plain}, false)) as bad, ${dotted} as dotted,
                   min(${booked}) as min, max(${booked}) as max${casts.map((c, i) => `, ${c} as cast_${i}`).join('')}
              from raw_rows r`,
    view: `create temp view stage_rows as select r.line, ${values.join(', ')}, ${extra} as extra, null::text as rejected_code from raw_rows r`,
  };
}

/** jsonb_build_object takes at most 100 arguments: 50 key/value pairs. */
function chunked(pairs: readonly string[]): string[][] {
  const out: string[][] = [];
  for (let i = 0; i < pairs.length; i += 50) out.push(pairs.slice(i, i + 50));
  return out;
}
