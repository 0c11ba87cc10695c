/**
 * Every report file an account has seen, for `mp-recon files list`: what it is, the days it claims,
 * what became of its rows, the encoding it was read in, and whether it still counts (`ingested`), never
 * could (`rejected`: no row stored) or was undone (`retracted`).
 */
import { type Kysely, sql } from 'kysely';
import type { Database } from '../db/database.ts';

export interface ReportFileRecord {
  readonly id: string;
  readonly kind: string;
  readonly status: string;
  readonly file_name: string;
  readonly covers_from: string;
  readonly covers_to: string;
  readonly rows_stored: number;
  readonly rows_duplicate: number;
  readonly rows_rejected: number;
  readonly encoding: string;
  readonly ingested_at: string;
  readonly retracted_at: string | null;
  readonly retract_note: string | null;
}

export const REPORT_FILE_COLUMNS = [
  'id',
  'kind',
  'status',
  'file_name',
  'covers_from',
  'covers_to',
  'rows_stored',
  'rows_duplicate',
  'rows_rejected',
  'encoding',
  'ingested_at',
  'retracted_at',
  'retract_note',
] as const satisfies readonly (keyof ReportFileRecord)[];

export async function listReportFiles(db: Kysely<Database>, account: string): Promise<ReportFileRecord[]> {
  const iso = (column: string) => sql<string>`to_char(${sql.ref(column)} at time zone 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS"Z"')`;
  return db
    .selectFrom('report_files')
    .select([
      'id',
      'kind',
      'status',
      'file_name',
      sql<string>`to_char(covers_from, 'YYYY-MM-DD')`.as('covers_from'),
      sql<string>`to_char(covers_to, 'YYYY-MM-DD')`.as('covers_to'),
      'rows_stored',
      'rows_duplicate',
      'rows_rejected',
      'encoding',
      iso('ingested_at').as('ingested_at'),
      iso('retracted_at').as('retracted_at'),
      'retract_note',
    ])
    .where('account_id', '=', account)
    .orderBy('id')
    .execute();
}
