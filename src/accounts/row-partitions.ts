/**
 * The report-row tables are LIST-partitioned by account (migration 2026-12-01-0060): each account's
 * rows live in their own table with their own indexes, `<table>_<account id>`, so one account's load,
 * reconcile or retract never touches another's. `accounts add` creates an account's partitions.
 */
import { type Kysely, sql } from 'kysely';
import type { Database } from '../db/database.ts';

export const ROW_TABLES = ['mp_settlement_rows', 'mp_release_rows'] as const;
export type RowTable = (typeof ROW_TABLES)[number];

/** The partition of `table` that holds `accountId`'s rows (an identifier to quote: ids may hold '-'). */
export function rowPartition(table: string, accountId: string): string {
  return `${table}_${accountId}`;
}

/** Creates the account's partitions of both row tables; a no-op for those that exist. */
export async function createRowPartitions(db: Kysely<Database>, accountId: string): Promise<void> {
  for (const table of ROW_TABLES) {
    await sql`create table if not exists ${sql.id(rowPartition(table, accountId))} partition of ${sql.id(table)} for values in (${sql.lit(accountId)})`.execute(db);
  }
}
