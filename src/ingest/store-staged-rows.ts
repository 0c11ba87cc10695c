/**
 * Moves the staged rows of one file (the temp table or view `stage_rows`, filled by either staging
 * path) into the report's row table. Each row gets its natural key and occurrence number (the n-th
 * identical row of this file); a row is stored unless a row with the same key and occurrence is
 * already stored, so an overlapping earlier file's rows are skipped while identical rows inside one
 * file are all kept.
 *
 * A duplicate of a stored row has the same booking instant (the instant is part of the key), so the
 * stored rows compared against are only those booked within the file's own span: the cost follows the
 * file, not the table, and no unique index has to be maintained on every insert. Ingests of one kind
 * are serialised per account by the caller's lock, which is what the unique index used to guarantee.
 *
 * Rows go straight into the account's partition of the row table (src/accounts/row-partitions.ts):
 * the overlap check, the BRIN summaries and the statistics then concern that account's rows only, and
 * no other account's index or sample is touched by this load.
 */
import { type RawBuilder, sql } from 'kysely';
import { rowPartition } from '../accounts/row-partitions.ts';
import type { Transaction } from '../db/transaction.ts';
import { naturalKeySql } from '../parse/natural-key.ts';
import type { ReportSchema } from '../parse/report-schema.ts';

export interface BookedSpan {
  readonly min: Date | null;
  readonly max: Date | null;
}

/** The booking instant of a staged row: the settlement date (else the transaction date), or the release row's DATE. */
export function bookedAtSql(schema: ReportSchema, alias: string): string {
  return schema.kind === 'settlement' ? `coalesce(${alias}.settlement_date, ${alias}.transaction_date)` : `${alias}.booked_at`;
}

export async function bookedSpan(tx: Transaction, schema: ReportSchema): Promise<BookedSpan> {
  const booked = sql.raw(bookedAtSql(schema, 's'));
  const { rows } = await tx.run(sql<BookedSpan>`select min(${booked}) as min, max(${booked}) as max from stage_rows s where s.rejected_code is null`);
  return rows[0] ?? { min: null, max: null };
}

/** The name of the account's partition of the report's row table. */
export function partitionName(schema: ReportSchema, account: string): string {
  return rowPartition(schema.table, account);
}

/** The partition as an identifier in a statement, quoted (account ids may hold '-'). */
function partitionOf(schema: ReportSchema, account: string): RawBuilder<unknown> {
  return sql.id(partitionName(schema, account));
}

/** Stores the staged rows as the account's; returns how many were new. */
export async function storeStagedRows(tx: Transaction, schema: ReportSchema, account: string, reportFileId: string, span: BookedSpan): Promise<number> {
  const settlement = schema.kind === 'settlement';
  const table = partitionOf(schema, account);
  // Release rows may have no DATE; those can only duplicate stored rows without one.
  const tests = [...(span.min === null ? [] : [sql`e.booked_at between ${span.min} and ${span.max}`]), ...(settlement ? [] : [sql`e.booked_at is null`])];
  const within = tests.length > 0 ? sql`(${sql.join(tests, sql` or `)})` : undefined;
  const overlaps = within !== undefined && (await tx.run(sql`select 1 from ${table} e where ${within} limit 1`)).rowCount > 0;
  const rows = overlaps ? await storeAgainstStored(tx, schema, account, reportFileId, within) : await storeAlone(tx, schema, account, reportFileId);
  // A BRIN index leaves block ranges filled since it was last summarised out of its summary, and scans
  // them on every query until they are summarised; autovacuum would do it later (never, embedded).
  // Only a partition's own indexes hold summaries (the parent's index is a name for them all, and
  // cannot be summarised), and their names are Postgres's choice for partitions made after the
  // migration: they are found by their table and access method.
  if (rows > 0) {
    await tx.run(sql`select brin_summarize_new_values(i.indexrelid::regclass)
                       from pg_index i join pg_class c on c.oid = i.indexrelid join pg_am a on a.oid = c.relam
                      where i.indrelid = quote_ident(${partitionName(schema, account)})::regclass and a.amname = 'brin'`);
  }
  return rows;
}

function columnsOf(schema: ReportSchema, account: string) {
  const settlement = schema.kind === 'settlement';
  const fieldColumns = schema.fields.map((f) => f.column);
  return {
    target: sql.raw(['account_id', 'report_file_id', 'line', 'natural_key', 'occurrence', ...(settlement ? ['booked_at'] : []), ...fieldColumns, 'extra'].join(', ')),
    values: sql.raw([...(settlement ? [bookedAtSql(schema, 's')] : []), ...fieldColumns.map((c) => `s.${c}`), 's.extra'].join(', ')),
    table: partitionOf(schema, account),
  };
}

/**
 * No stored row is booked within the file's span (a first load, a new day): every row is new. One
 * pass reads each staged row once (typed once: `offset 0` keeps the subquery from being inlined into
 * the key's expressions) with occurrence 1; rows that repeat inside the file are renumbered after,
 * from a hash aggregate of the file's keys (usually nothing to renumber).
 */
async function storeAlone(tx: Transaction, schema: ReportSchema, account: string, reportFileId: string): Promise<number> {
  const { target, values, table } = columnsOf(schema, account);
  const stored = await tx.run(
    sql`insert into ${table} (${target})
     select ${account}::text, ${reportFileId}::bigint, s.line, ${sql.raw(naturalKeySql(schema, 's'))}, 1, ${values}
       from (select * from stage_rows where rejected_code is null offset 0) s`,
  );
  await tx.run(
    sql`update ${table} t set occurrence = x.occurrence
       from (select id, row_number() over (partition by natural_key order by line)::int as occurrence
               from ${table}
              where report_file_id = ${reportFileId}
                and natural_key in (select natural_key from ${table} where report_file_id = ${reportFileId} group by natural_key having count(*) > 1)) x
      where t.id = x.id and x.occurrence > 1`,
  );
  return stored.rowCount;
}

/**
 * Stored rows are booked within the file's span (an overlapping report): each row gets its natural
 * key and occurrence first, and is stored unless a stored row booked in the span has both.
 */
async function storeAgainstStored(tx: Transaction, schema: ReportSchema, account: string, reportFileId: string, within: RawBuilder<unknown>): Promise<number> {
  await tx.run(sql`create temp table stage_keys on commit drop as
    select s.line, ${sql.raw(naturalKeySql(schema, 's'))} as k from stage_rows s where s.rejected_code is null`);
  // Identical rows inside one file are rare: only keys that repeat are numbered (a sort of the few),
  // every other row is occurrence 1 (measured: numbering every row sorted the whole file's keys).
  await tx.run(sql`create temp table stage_repeats on commit drop as
    select line, row_number() over (partition by k order by line)::int as occurrence
      from stage_keys where k in (select k from stage_keys group by k having count(*) > 1)`);
  const { target, values, table } = columnsOf(schema, account);
  const stored = await tx.run(
    sql`insert into ${table} (${target})
     select ${account}::text, ${reportFileId}::bigint, s.line, k.k, coalesce(r.occurrence, 1), ${values}
       from stage_rows s join stage_keys k on k.line = s.line left join stage_repeats r on r.line = s.line
      where not exists (select 1 from ${table} e
                         where e.natural_key = k.k and e.occurrence = coalesce(r.occurrence, 1) and ${within})`,
  );
  return stored.rowCount;
}

/** Rows the Node parser rejected, kept with their line, code, message and raw text (as the account's). */
export async function storeRejectedRows(tx: Transaction, account: string, reportFileId: string): Promise<number> {
  const result = await tx.run(
    sql`insert into rejected_rows (account_id, report_file_id, line, code, message, raw)
     select ${account}, ${reportFileId}, line, rejected_code, rejected_message, raw from stage_rows where rejected_code is not null order by line`,
  );
  return result.rowCount;
}

/** The row table's columns reconcile joins and filters on: a whole-table analyze costs several times more. */
// account_id too: every statement filters on it (to prune to the partition), and without its statistics
// the planner takes that filter for a 0.5% one on a partition where it holds for every row, and plans
// the window's joins as nested loops over what it thinks are a thousand rows (measured: twice as slow).
const PLANNED_COLUMNS = {
  settlement: 'account_id, report_file_id, booked_at, external_reference, source_id, transaction_type',
  release: 'account_id, report_file_id, booked_at, external_reference, source_id, row_class',
} as const;

/**
 * Refreshes the statistics reconcile plans with, after a load that changed the account's rows at once.
 * The partition, not the parent: analysing the parent samples every account's rows.
 */
export async function analyzeRowTable(tx: Transaction, schema: ReportSchema, account: string): Promise<void> {
  await tx.run(sql`analyze ${partitionOf(schema, account)} (${sql.raw(PLANNED_COLUMNS[schema.kind])})`);
}
