/**
 * The named parameters of the reconciliation's statements (window-tables.ts and the kinds), bound per
 * statement by the one binder (src/db/named-sql.ts): `:account` (whose books), `:start`, `:end` (UTC,
 * end exclusive), `:site`, `:tz`, `:grace` (hours), `:run` (the run's id), `:kinds` (every kind the run
 * decides on).
 *
 * Every owned table is filtered by `:account`. The row tables are read as the account's own partitions,
 * named in the text (an identifier cannot be a parameter): Postgres would prune to them anyway, but it
 * estimates the joins of a pruned partitioned table from the parent's statistics, which Postgres never
 * gathers on its own, and planned the window's joins as nested loops over a thousand rows where there
 * were 200,000 (measured: reconcile twice as slow as before partitioning). Read by name, the
 * partition's own statistics count. The site filter is kept on report_files, orders and the
 * auto-resolve: an account has one site, but the `default` account of a database upgraded from before
 * accounts may hold the files and mismatches of a site RECON_SITE named once, which are not its own.
 */
import type { RawBuilder } from 'kysely';
import { ROW_TABLES, rowPartition } from '../accounts/row-partitions.ts';
import { namedSql } from '../db/named-sql.ts';

export interface WindowParams {
  readonly account: string;
  readonly start: Date;
  readonly end: Date;
  readonly site: string;
  readonly tz: string;
  readonly grace: number;
  readonly run: string;
  readonly kinds: readonly string[];
}

export function windowStatement<R = unknown>(text: string, params: WindowParams): RawBuilder<R> {
  return namedSql<R>(onPartitions(text, params.account), { ...params });
}

/** The statement with each row table replaced by the account's partition of it, quoted (ids may hold '-'). */
export function onPartitions(text: string, account: string): string {
  return ROW_TABLES.reduce((sql, table) => sql.replace(new RegExp(`\\b${table}\\b(?!_)`, 'g'), `"${rowPartition(table, account)}"`), text);
}
