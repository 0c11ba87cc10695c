/**
 * The SQL of `mp-recon import`: the merchant's validated rows are COPYed into the temp table
 * `stage_import`, checked there as a set (a key named twice, a payment or refund of an order that does
 * not exist), then upserted by id into orders, order_payments or refunds in one statement. Names of
 * tables and columns come from the file specs (internal-files.ts), never from the file.
 *
 * Every row is the importing account's: its keys are unique per account (two accounts may use the same
 * order id), so an order is looked up, and a row upserted, by account and id together.
 */
import { sql } from 'kysely';
import type { Transaction } from '../db/transaction.ts';
import type { InternalFileSpec } from './internal-files.ts';

const STAGE = 'stage_import';
const list = (names: readonly string[]) => sql.raw(names.join(', '));
const columnsOf = (spec: InternalFileSpec) => spec.columns.map((c) => c.name);

/** Creates the staging table and streams the rows (COPY text lines: `line` first, then the spec's columns) into it. */
export async function stageImport(tx: Transaction, spec: InternalFileSpec, lines: AsyncIterable<string>): Promise<void> {
  const types = spec.columns.map((c) => (c.type === 'amount' || c.type === 'positive_amount' ? 'numeric' : c.type === 'timestamp' ? 'timestamptz' : 'text'));
  const definitions = columnsOf(spec).map((c, i) => `${c} ${types[i]}`);
  await tx.run(sql`create temp table ${sql.raw(STAGE)} (line integer, ${list(definitions)}) on commit drop`);
  await tx.loader.copyText(tx.client, STAGE, ['line', ...columnsOf(spec)], lines);
}

/** Rows whose key an earlier row of the file already has, first `limit` by line. */
export async function repeatedKeys(tx: Transaction, spec: InternalFileSpec, limit: number): Promise<{ line: number; key: string; first: number }[]> {
  const key = sql.raw(spec.key);
  const { rows } = await tx.run(
    sql<{ line: number; key: string; first: number }>`select line, key, first from (select line, ${key} as key, min(line) over (partition by ${key}) as first from ${sql.raw(STAGE)}) d
        where line <> first order by line limit ${sql.lit(limit)}`,
  );
  return rows;
}

/** Rows naming an order the account does not have, first `limit` by line (payments and refunds only). */
export async function unknownOrders(tx: Transaction, account: string, orderRef: string, limit: number): Promise<{ line: number; ref: string }[]> {
  const ref = sql.raw(`s.${orderRef}`);
  const { rows } = await tx.run(
    sql<{ line: number; ref: string }>`select s.line, ${ref} as ref from ${sql.raw(STAGE)} s left join orders o on o.account_id = ${account} and o.order_id = ${ref}
          where o.order_id is null order by s.line limit ${sql.lit(limit)}`,
  );
  return rows;
}

/** Upserts the staged rows as the account's, by account and key; returns how many were new (counted in SQL: no row per record comes back to Node). */
export async function upsertStaged(tx: Transaction, account: string, spec: InternalFileSpec): Promise<number> {
  const columns = columnsOf(spec);
  const updates = columns.filter((c) => c !== spec.key).map((c) => `${c} = excluded.${c}`);
  const { rows } = await tx.run(
    sql<{ inserted: string }>`with upserted as (
         insert into ${sql.raw(spec.table)} (account_id, ${list(columns)}) select ${account}::text, ${list(columns)} from ${sql.raw(STAGE)}
         on conflict (account_id, ${sql.raw(spec.key)}) do update set ${list(updates)}, updated_at = now()
         returning (xmax = 0) as inserted)
       select count(*) filter (where inserted) as inserted from upserted`,
  );
  return Number(rows[0]?.inserted ?? 0);
}

/** Fresh statistics after an import that changed the table's shape, for the reconciliation's plans. */
export async function analyzeImported(tx: Transaction, spec: InternalFileSpec): Promise<void> {
  await tx.run(sql`analyze ${sql.raw(spec.table)}`);
}
