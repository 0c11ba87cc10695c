/**
 * The SQL of `mp-recon files retract` (jobs/retract-file.ts): find the file, lock its record, name the
 * later overlapping files whose duplicates it may hold, and take its rows out while it stops covering
 * its days. Each function takes the connection's db or the retract's transaction.
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

export async function findSiteFile(db: Db, id: string, site: string): Promise<FileToRetract | undefined> {
  return db
    .selectFrom('report_files')
    .select(['id', 'kind', 'status', 'file_name', sql<string>`to_char(covers_from, 'YYYY-MM-DD')`.as('from'), sql<string>`to_char(covers_to, 'YYYY-MM-DD')`.as('to')])
    .where('id', '=', id)
    .where('site', '=', site)
    .executeTakeFirst();
}

/** The file's status, its record locked until the transaction ends. */
export async function lockFileStatus(trx: Db, id: string): Promise<string> {
  const row = await trx.selectFrom('report_files').select('status').where('id', '=', id).forUpdate().executeTakeFirstOrThrow();
  return row.status;
}

/** Later ingested files of the same kind and site with duplicates, overlapping the file's days or rows; newest first. */
export async function laterOverlappingFiles(trx: Db, id: string, kind: ReportKind): Promise<{ id: string; file_name: string }[]> {
  const overlapping = await sql<{ id: string; file_name: string }>`
        with me as (select id, kind, site, covered_start, covered_end from report_files where id = ${id}),
        span as (
          select least(min(r.booked_at), me.covered_start) as s, greatest(max(r.booked_at), me.covered_end) as e
            from ${sql.table(ROW_TABLE[kind])} r, me where r.report_file_id = me.id group by me.covered_start, me.covered_end)
        select f.id, f.file_name from report_files f, me, span
         where f.id > me.id and f.status = 'ingested' and f.kind = me.kind and f.site = me.site and f.rows_duplicate > 0
           and f.covered_start <= span.e and f.covered_end >= span.s
         order by f.id desc`.execute(trx);
  return overlapping.rows;
}

/** Deletes the file's rows and marks it retracted with the note; returns how many rows left. */
export async function retractReportFile(trx: Db, id: string, kind: ReportKind, note: string): Promise<number> {
  const removed = await trx.deleteFrom(ROW_TABLE[kind]).where('report_file_id', '=', id).executeTakeFirst();
  await trx.updateTable('report_files').set({ status: 'retracted', retracted_at: new Date(), retract_note: note }).where('id', '=', id).execute();
  return Number(removed.numDeletedRows);
}
