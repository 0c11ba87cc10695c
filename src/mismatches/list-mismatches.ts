/** Reads mismatches for the CLI and exports, with the documented v_open_mismatches columns. */
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
] as const;

export type MismatchRecord = Record<(typeof MISMATCH_COLUMNS)[number], string | null>;

export interface MismatchFilter {
  readonly status: MismatchStatus | 'all';
  readonly kind?: string | undefined;
  readonly from?: string | undefined;
  readonly to?: string | undefined;
  readonly site?: string | undefined;
}

export async function listMismatches(db: Kysely<Database>, filter: MismatchFilter): Promise<MismatchRecord[]> {
  let query = db
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
    ])
    .orderBy('business_date')
    .orderBy('kind')
    .orderBy('id');
  if (filter.status !== 'all') query = query.where('status', '=', filter.status);
  if (filter.kind) query = query.where('kind', '=', filter.kind);
  if (filter.from) query = query.where('business_date', '>=', filter.from);
  if (filter.to) query = query.where('business_date', '<=', filter.to);
  if (filter.site) query = query.where('site', '=', filter.site);
  return (await query.execute()) as MismatchRecord[];
}
