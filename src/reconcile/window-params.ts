/**
 * The named parameters of the reconciliation's statements (window-tables.ts and the kinds), bound per
 * statement by the one binder (src/db/named-sql.ts): `:account` (whose books), `:start`, `:end` (UTC,
 * end exclusive), `:site`, `:tz`, `:grace` (hours), `:run` (the run's id), `:kinds` (every kind the run
 * decides on).
 *
 * Every owned table is filtered by `:account`, and the row tables through their own account_id, so
 * Postgres reads only the account's partition. The site filter is kept on report_files, orders and the
 * auto-resolve: an account has one site, but the `default` account of a database upgraded from before
 * accounts may hold the files and mismatches of a site RECON_SITE named once, which are not its own.
 */
import type { RawBuilder } from 'kysely';
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
  return namedSql<R>(text, { ...params });
}
