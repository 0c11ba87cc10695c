/**
 * Use case: import the merchant's orders, payments or refunds from CSV. All or nothing: every bad row
 * is reported with its line number and, if there is one, nothing is written. Good files are upserted
 * by id in one transaction (COPY into a staging table, then one insert ... on conflict), as the
 * account's rows: a payment or refund must name an order of the same account.
 */
import { basename } from 'node:path';
import { chunkLines, copyLine } from '../src/ingest/copy-text.ts';
import { inTransaction } from '../src/db/transaction.ts';
import type { Deps } from '../src/deps.ts';
import { ReconError } from '../src/errors.ts';
import { statisticsOutdated } from '../src/db/table-statistics.ts';
import { INTERNAL_FILES, type InternalKind } from '../src/merchant-files/internal-files.ts';
import { internalSiteColumns } from '../src/merchant-files/internal-files.ts';
import { analyzeImported, repeatedKeys, stageImport, unknownOrders, upsertStaged } from '../src/merchant-files/import-store.ts';
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

  return inTransaction(deps.conn, async (tx) => {
    await stageImport(tx, spec, chunkLines(validLines()));
    await assertSameSite(tx, deps.account, 'stage_import', internalSiteColumns(spec), name);
    for (const d of await repeatedKeys(tx, spec, MAX_PROBLEMS_KEPT)) problem(d.line, `${spec.key} ${d.key} appears twice (also on line ${d.first})`);
    if (spec.orderRef) {
      for (const o of await unknownOrders(tx, deps.account.id, spec.orderRef, MAX_PROBLEMS_KEPT)) problem(o.line, `order ${o.ref} does not exist; import the orders file first`);
    }
    if (problemCount > 0) {
      problems.sort((a, b) => a.line - b.line);
      throw new ReconError('IMPORT_INVALID_ROWS', `${name}: ${problemCount} bad row(s); nothing was imported`, {
        details: { problems, total: problemCount },
      });
    }
    const inserted = await upsertStaged(tx, deps.account.id, spec);
    // Rows written, new or updated: either changes what the planner should know.
    if (await statisticsOutdated(tx, spec.table, rows)) await analyzeImported(tx, spec);
    deps.log.info({ kind, file: name, rows, inserted, encoding }, 'internal file imported');
    return { kind, rows, inserted, updated: rows - inserted, encoding };
  });
}
