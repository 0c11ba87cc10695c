/**
 * When a load should refresh a table's planner statistics itself rather than wait for autovacuum
 * (which may take a minute, and never comes on the embedded database): a large load changes the
 * table's shape at once, and so does a first load (a new account's partition, a new install's orders)
 * or one that grows the table by a fifth. Planned blind, a new account's first reconcile took 3.5 s
 * instead of 60 ms (measured by the scale bench).
 */
import { sql } from 'kysely';
import type { Transaction } from './transaction.ts';

const LARGE_LOAD_ROWS = 10_000;

/** Whether `added` new rows in `table` (an unquoted name in the schema) leave its statistics out of date. */
export async function statisticsOutdated(tx: Transaction, table: string, added: number): Promise<boolean> {
  if (added <= 0) return false;
  if (added >= LARGE_LOAD_ROWS) return true;
  // reltuples is what the last analyze counted, -1 when there was none.
  const { rows } = await tx.run(sql<{ tuples: number }>`select reltuples::float8 as tuples from pg_class where oid = quote_ident(${table})::regclass`);
  const tuples = Number(rows[0]?.tuples ?? -1);
  return tuples < 0 || added >= tuples / 5;
}
