/**
 * Reads mismatches for the CLI, the exports and the web UI, with the documented v_open_mismatches
 * columns. Each record names its account; a filter names the accounts to read (the CLI: the one
 * `--account` names, or all; the UI: all, or the one its filter picks).
 */
import { type Kysely, sql } from 'kysely';
import type { Database, MismatchStatus } from '../db/database.ts';

export const MISMATCH_COLUMNS = [
  'id',
  'kind',
  'status',
  'site',
  'currency',
  'business_date',
  'external_reference',
  'order_id',
  'mp_payment_id',
  'expected_amount',
  'actual_amount',
  'difference',
  'first_seen_at',
  'last_seen_at',
  'details',
  'assignee',
  'latest_note',
] as const;

/** With several accounts: the columns and the account (last, as v_open_mismatches has it). */
export const MISMATCH_COLUMNS_WITH_ACCOUNT = [...MISMATCH_COLUMNS, 'account_id'] as const;

export type MismatchRecord = Record<(typeof MISMATCH_COLUMNS_WITH_ACCOUNT)[number], string | null>;

export interface MismatchFilter {
  /** Only these accounts' mismatches; every account's when left out. */
  readonly accounts?: readonly string[] | undefined;
  readonly status: MismatchStatus | 'all';
  readonly kind?: string | undefined;
  readonly from?: string | undefined;
  readonly to?: string | undefined;
  readonly site?: string | undefined;
  /** A name, or '-' for unassigned. */
  readonly assignee?: string | undefined;
  /** Case-insensitive substring of the reference, order id, payment id or latest note. */
  readonly text?: string | undefined;
  readonly sort?: MismatchSort | undefined;
  readonly limit?: number | undefined;
  readonly offset?: number | undefined;
}

export const MISMATCH_SORTS = ['date', 'kind', 'difference', 'id'] as const;
export type MismatchSort = (typeof MISMATCH_SORTS)[number] | `-${(typeof MISMATCH_SORTS)[number]}`;

const SORT_SQL = { date: 'business_date', kind: 'kind', difference: 'abs(coalesce(difference, 0))', id: 'id' } as const;

/** The documented mismatch columns, amounts and times as text; callers add filters or columns. */
export function selectMismatchRecords(db: Kysely<Database>) {
  return db
    .selectFrom('mismatches')
    .select([
      sql<string>`id::text`.as('id'),
      'kind',
      'status',
      'site',
      'currency',
      sql<string>`to_char(business_date, 'YYYY-MM-DD')`.as('business_date'),
      'external_reference',
      'order_id',
      'mp_payment_id',
      sql<string | null>`expected_amount::text`.as('expected_amount'),
      sql<string | null>`actual_amount::text`.as('actual_amount'),
      sql<string | null>`difference::text`.as('difference'),
      sql<string>`to_char(first_seen_at at time zone 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS"Z"')`.as('first_seen_at'),
      sql<string>`to_char(last_seen_at at time zone 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS"Z"')`.as('last_seen_at'),
      sql<string>`details::text`.as('details'),
      'assignee',
      sql<string | null>`note`.as('latest_note'),
      'account_id',
    ]);
}

export async function listMismatches(db: Kysely<Database>, filter: MismatchFilter): Promise<MismatchRecord[]> {
  let query = selectMismatchRecords(db);
  if (filter.sort) {
    const descending = filter.sort.startsWith('-');
    const key = (descending ? filter.sort.slice(1) : filter.sort) as keyof typeof SORT_SQL;
    query = query.orderBy(sql.raw(SORT_SQL[key]), descending ? 'desc' : 'asc');
  }
  query = query.orderBy('business_date').orderBy('kind').orderBy('id');
  if (filter.accounts) {
    if (filter.accounts.length === 0) return [];
    query = query.where('account_id', 'in', filter.accounts);
  }
  if (filter.status !== 'all') query = query.where('status', '=', filter.status);
  if (filter.kind) query = query.where('kind', '=', filter.kind);
  if (filter.from) query = query.where('business_date', '>=', filter.from);
  if (filter.to) query = query.where('business_date', '<=', filter.to);
  if (filter.site) query = query.where('site', '=', filter.site);
  if (filter.assignee === '-') query = query.where('assignee', 'is', null);
  else if (filter.assignee) query = query.where('assignee', '=', filter.assignee);
  if (filter.text) {
    const like = `%${filter.text.replace(/[\\%_]/g, (c) => `\\${c}`)}%`;
    query = query.where((eb) =>
      eb.or([eb('external_reference', 'ilike', like), eb('order_id', 'ilike', like), eb('mp_payment_id', 'ilike', like), eb('note', 'ilike', like)]),
    );
  }
  if (filter.limit !== undefined) query = query.limit(filter.limit).offset(filter.offset ?? 0);
  return (await query.execute()) as MismatchRecord[];
}
