/**
 * The named parameters of the reconciliation's statements (window-tables.ts and the kinds), bound per
 * statement by the one binder (src/db/named-sql.ts): `:start`, `:end` (UTC, end exclusive), `:site`,
 * `:tz`, `:grace` (hours), `:run` (the run's id), `:kinds` (every kind the run decides on).
 */
import type { RawBuilder } from 'kysely';
import { namedSql } from '../db/named-sql.ts';

export interface WindowParams {
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
