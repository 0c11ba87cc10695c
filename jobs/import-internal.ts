/**
 * Use case: import the merchant's orders, payments or refunds from CSV. All or nothing: every bad row
 * is reported with its line number and, if there is one, nothing is written. Good files are upserted
 * by id in one transaction (COPY into a staging table, then one insert ... on conflict).
 */
import { basename } from 'node:path';
import { chunkLines, copyLine } from '../src/ingest/copy-text.ts';
import { withClientTransaction } from '../src/db/transaction.ts';
import type { Deps } from '../src/deps.ts';
import { ReconError } from '../src/errors.ts';
import { INTERNAL_FILES, type InternalKind } from '../src/merchant-files/internal-files.ts';
import { internalSiteColumns } from '../src/merchant-files/internal-files.ts';
import { rowScaleMessage, validateCell } from '../src/merchant-files/validate-cell.ts';
import { assertSameSite } from '../src/ingest/site-check.ts';
import { type FileEncoding, inspectFile, openDecoded } from '../src/parse/decode.ts';
import { mapHeader } from '../src/parse/header.ts';
import { frameRecords, splitRecord } from '../src/parse/record-reader.ts';
import { statInputFile } from '../src/util/input-file.ts';

export interface ImportProblem {
  readonly line: number;
  readonly message: string;
}

export interface ImportResult {
  readonly kind: InternalKind;
  readonly rows: number;
  readonly inserted: number;
  readonly updated: number;
  /** `windows-1252` when the file was not valid UTF-8 (decode.ts). */
  readonly encoding: FileEncoding;
}

const MAX_PROBLEMS_KEPT = 1000;

export async function importInternal(deps: Deps, kind: InternalKind, path: string): Promise<ImportResult> {
  const spec = INTERNAL_FILES[kind];
  const name = basename(path);
  await statInputFile(path);
  // A pass of its own to decide the encoding over the whole file, then the file is read decoded and NFC.
  const { encoding } = await inspectFile(path, name, { hash: false });
  const records = frameRecords(openDecoded(path, encoding));
  const first = await records.next();
  if (first.done) throw new ReconError('FILE_EMPTY', `${name}: the file is empty; it needs the header ${spec.columns.map((c) => c.name).join(',')}`);
  const headerSplit = splitRecord(first.value, ',');
  // A column named twice is refused as in report files (HEADER_DUPLICATE_COLUMN): which one holds the data?
  if (headerSplit.ok) mapHeader(headerSplit.fields, name);
  const header = headerSplit.ok ? headerSplit.fields.map((h) => h.replace(/^\uFEFF/, '').trim().toLowerCase()) : [];
  const positions = spec.columns.map((c) => header.indexOf(c.name));
  const missing = spec.columns.filter((_, i) => positions[i] === -1).map((c) => c.name);
  if (missing.length > 0) {
    throw new ReconError('HEADER_MISSING_COLUMN', `${name}: the header has no ${missing.join(', ')} column; ${kind} files need ${spec.columns.map((c) => c.name).join(',')}`, {
      details: { column: missing[0], file: name },
    });
  }

  const problems: ImportProblem[] = [];
  let problemCount = 0;
  let rows = 0;
  const problem = (line: number, message: string) => {
    problemCount++;
    if (problems.length < MAX_PROBLEMS_KEPT) problems.push({ line, message });
  };
  // Validated rows stream straight into the staging table (memory stays flat in the file's size); any
  // problem found on the way or afterwards rolls the whole transaction back.
  async function* validLines(): AsyncGenerator<string> {
    for await (const record of records) {
      const split = splitRecord(record, ',');
      if (!split.ok) {
        problem(record.line, split.message);
        continue;
      }
      if (split.fields.length !== header.length) {
        problem(record.line, `the row has ${split.fields.length} fields but the header has ${header.length}`);
        continue;
      }
      const values: (string | null)[] = [String(record.line)];
      const messages: string[] = [];
      spec.columns.forEach((column, i) => {
        const result = validateCell(column, split.fields[positions[i]!]);
        if (result.ok) values.push(result.value);
        else messages.push(result.message);
      });
      const scale = messages.length === 0 ? rowScaleMessage(spec.columns, values.slice(1)) : undefined;
      if (scale) messages.push(scale);
      if (messages.length > 0) {
        problem(record.line, messages.join('; '));
        continue;
      }
      rows++;
      yield copyLine(values);
    }
  }

  return withClientTransaction(deps.conn.pool, async (client) => {
    const columns = spec.columns.map((c) => c.name);
    const types = spec.columns.map((c) => (c.type === 'amount' || c.type === 'positive_amount' ? 'numeric' : c.type === 'timestamp' ? 'timestamptz' : 'text'));
    await client.query(`create temp table stage_import (line integer, ${columns.map((c, i) => `${c} ${types[i]}`).join(', ')}) on commit drop`);
    await deps.conn.loader.copyText(client, 'stage_import', ['line', ...columns], chunkLines(validLines()));
    await assertSameSite(client, deps.config.site, 'stage_import', internalSiteColumns(spec), name);
    const duplicates = await client.query<{ line: number; key: string; first: number }>(
      `select line, key, first from (select line, ${spec.key} as key, min(line) over (partition by ${spec.key}) as first from stage_import) d
        where line <> first order by line limit ${MAX_PROBLEMS_KEPT}`,
    );
    for (const d of duplicates.rows) problem(d.line, `${spec.key} ${d.key} appears twice (also on line ${d.first})`);
    if (spec.orderRef) {
      const orphans = await client.query<{ line: number; ref: string }>(
        `select s.line, s.${spec.orderRef} as ref from stage_import s left join orders o on o.order_id = s.${spec.orderRef}
          where o.order_id is null order by s.line limit ${MAX_PROBLEMS_KEPT}`,
      );
      for (const o of orphans.rows) problem(o.line, `order ${o.ref} does not exist; import the orders file first`);
    }
    if (problemCount > 0) {
      problems.sort((a, b) => a.line - b.line);
      throw new ReconError('IMPORT_INVALID_ROWS', `${name}: ${problemCount} bad row(s); nothing was imported`, {
        details: { problems, total: problemCount },
      });
    }
    const updates = columns.filter((c) => c !== spec.key).map((c) => `${c} = excluded.${c}`);
    // Counted in SQL: returning a row per upserted record to Node would cost memory in the file's size.
    const result = await client.query<{ inserted: string }>(
      `with upserted as (
         insert into ${spec.table} (${columns.join(', ')}) select ${columns.join(', ')} from stage_import
         on conflict (${spec.key}) do update set ${updates.join(', ')}, updated_at = now()
         returning (xmax = 0) as inserted)
       select count(*) filter (where inserted) as inserted from upserted`,
    );
    const inserted = Number(result.rows[0]?.inserted ?? 0);
    if (rows >= 10_000) await client.query(`analyze ${spec.table}`);
    deps.log.info({ kind, file: name, rows, inserted, encoding }, 'internal file imported');
    return { kind, rows, inserted, updated: rows - inserted, encoding };
  });
}
