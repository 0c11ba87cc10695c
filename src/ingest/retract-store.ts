/**
 * The SQL of `mp-recon files retract` (jobs/retract-file.ts): find the account's file, lock its record,
 * name the account's later overlapping files whose duplicates it may hold, and take its rows out of the
 * account's partition while it stops covering its days. Each function takes the connection's db or the
 * retract's transaction, and the account: another account's file of the same id is never touched.
 */
import { type Kysely, sql } from 'kysely';
import type { Database } from '../db/database.ts';
import type { ReportKind } from '../parse/parse-report.ts';

type Db = Kysely<Database>;

const ROW_TABLE = { settlement: 'mp_settlement_rows', release: 'mp_release_rows' } as const;

export interface FileToRetract {
  readonly id: string;
  readonly kind: ReportKind;
  readonly status: string;
  readonly file_name: string;
  readonly from: string;
  readonly to: string;
}

export async function findAccountFile(db: Db, account: string, id: string): Promise<FileToRetract | undefined> {
  return db
    .selectFrom('report_files')
    .select(['id', 'kind', 'status', 'file_name', sql<string>`to_char(covers_from, 'YYYY-MM-DD')`.as('from'), sql<string>`to_char(covers_to, 'YYYY-MM-DD')`.as('to')])
    .where('account_id', '=', account)
    .where('id', '=', id)
    .executeTakeFirst();
}

/** The file's status, its record locked until the transaction ends. */
export async function lockFileStatus(trx: Db, account: string, id: string): Promise<string> {
  const row = await trx.selectFrom('report_files').select('status').where('account_id', '=', account).where('id', '=', id).forUpdate().executeTakeFirstOrThrow();
  return row.status;
}

/** The account's later ingested files of the same kind with duplicates, overlapping the file's days or rows; newest first. */
export async function laterOverlappingFiles(trx: Db, account: string, id: string, kind: ReportKind): Promise<{ id: string; file_name: string }[]> {
  const overlapping = await sql<{ id: string; file_name: string }>`
        with me as (select id, account_id, kind, covered_start, covered_end from report_files where account_id = ${account} and id = ${id}),
        span as (
          select least(min(r.booked_at), me.covered_start) as s, greatest(max(r.booked_at), me.covered_end) as e
            from ${sql.table(ROW_TABLE[kind])} r, me
           where r.account_id = ${account} and r.report_file_id = me.id group by me.covered_start, me.covered_end)
        select f.id, f.file_name from report_files f, me, span
         where f.account_id = me.account_id and f.id > me.id and f.status = 'ingested' and f.kind = me.kind and f.rows_duplicate > 0
           and f.covered_start <= span.e and f.covered_end >= span.s
         order by f.id desc`.execute(trx);
  return overlapping.rows;
}

/** Deletes the file's rows and marks it retracted with the note; returns how many rows left. */
export async function retractReportFile(trx: Db, account: string, id: string, kind: ReportKind, note: string): Promise<number> {
  // The account filter first: Postgres then reads only the account's partition.
  const removed = await trx.deleteFrom(ROW_TABLE[kind]).where('account_id', '=', account).where('report_file_id', '=', id).executeTakeFirst();
  await trx
    .updateTable('report_files')
    .set({ status: 'retracted', retracted_at: new Date(), retract_note: note })
    .where('account_id', '=', account)
    .where('id', '=', id)
    .execute();
  return Number(removed.numDeletedRows);
}
