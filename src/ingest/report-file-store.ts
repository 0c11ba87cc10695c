/**
 * The report_files table from ingest's side: the same bytes ingested before, a file's record opened at
 * the start of its transaction and completed before commit once its rows are counted, and the
 * `rejected` mark for a file none of whose rows could be stored (all-rejected.ts). Each function takes
 * the connection's db or a transaction's (src/db/transaction.ts), and the account whose files they are:
 * the same bytes ingested by another account are that account's file, never a duplicate of this one's.
 */
import { type Kysely, sql } from 'kysely';
import type { Database } from '../db/database.ts';
import type { FileEncoding } from '../parse/decode.ts';
import type { ReportKind } from '../parse/parse-report.ts';

type Db = Kysely<Database>;

export interface IngestedFile {
  readonly id: string;
  readonly file_name: string;
  readonly covers_from: string;
  readonly covers_to: string;
  readonly rows_read: number;
  readonly encoding: FileEncoding;
}

/**
 * The account's first `ingested` file of this kind with these bytes: for the declared days when `days`
 * is given, else for any days.
 */
export async function findIngestedFile(db: Db, account: string, kind: ReportKind, sha256: string, days?: { from: string; to: string }): Promise<IngestedFile | undefined> {
  let query = db
    .selectFrom('report_files')
    .select([
      'id',
      'file_name',
      sql<string>`to_char(covers_from, 'YYYY-MM-DD')`.as('covers_from'),
      sql<string>`to_char(covers_to, 'YYYY-MM-DD')`.as('covers_to'),
      'rows_read',
      'encoding',
    ])
    .where('account_id', '=', account)
    .where('status', '=', 'ingested')
    .where('kind', '=', kind)
    .where('sha256', '=', sha256);
  if (days) query = query.where('covers_from', '=', days.from).where('covers_to', '=', days.to);
  return query.orderBy('id').limit(1).executeTakeFirst();
}

export interface NewReportFile {
  readonly account: string;
  readonly kind: ReportKind;
  readonly fileName: string;
  readonly sha256: string;
  readonly bytes: number;
  readonly site: string;
  readonly separator: string;
  readonly headerStyle: string;
  readonly encoding: FileEncoding;
}

/** Opens the file's record; its coverage is known only once its rows are read (completeReportFile). */
export async function insertReportFile(db: Db, file: NewReportFile): Promise<string> {
  const placeholder = new Date(0);
  const row = await db
    .insertInto('report_files')
    .values({
      account_id: file.account,
      kind: file.kind,
      file_name: file.fileName,
      sha256: file.sha256,
      bytes: file.bytes,
      site: file.site,
      covers_from: '1970-01-01',
      covers_to: '1970-01-01',
      covered_start: placeholder,
      covered_end: placeholder,
      separator: file.separator,
      header_style: file.headerStyle,
      number_style: 'unknown',
      encoding: file.encoding,
    })
    .returning('id')
    .executeTakeFirstOrThrow();
  return row.id;
}

export interface FileOutcome {
  readonly coversFrom: string;
  readonly coversTo: string;
  readonly coveredStart: Date;
  readonly coveredEnd: Date;
  readonly numberStyle: string;
  readonly rowsRead: number;
  readonly rowsStored: number;
  readonly rowsDuplicate: number;
  readonly rowsRejected: number;
}

export async function completeReportFile(db: Db, account: string, id: string, outcome: FileOutcome): Promise<void> {
  await db
    .updateTable('report_files')
    .set({
      covers_from: outcome.coversFrom,
      covers_to: outcome.coversTo,
      covered_start: outcome.coveredStart,
      covered_end: outcome.coveredEnd,
      number_style: outcome.numberStyle,
      rows_read: outcome.rowsRead,
      rows_stored: outcome.rowsStored,
      rows_duplicate: outcome.rowsDuplicate,
      rows_rejected: outcome.rowsRejected,
    })
    .where('account_id', '=', account)
    .where('id', '=', id)
    .execute();
}

/** Marks the file `rejected` and drops the account's earlier rejected attempts at the same file and days (all-rejected.ts). */
export async function markAllRejected(db: Db, account: string, reportFileId: string): Promise<void> {
  const earlier = db
    .selectFrom('report_files as o')
    .innerJoin('report_files as f', (join) =>
      join
        .onRef('o.account_id', '=', 'f.account_id')
        .onRef('o.kind', '=', 'f.kind').onRef('o.sha256', '=', 'f.sha256').onRef('o.covers_from', '=', 'f.covers_from').onRef('o.covers_to', '=', 'f.covers_to'),
    )
    .select('o.id')
    .where('f.account_id', '=', account)
    .where('f.id', '=', reportFileId)
    .whereRef('o.id', '<>', 'f.id')
    .where('o.status', '=', 'rejected');
  await db.deleteFrom('rejected_rows').where('account_id', '=', account).where('report_file_id', 'in', earlier).execute();
  await db.deleteFrom('report_files').where('account_id', '=', account).where('id', 'in', earlier).execute();
  await db.updateTable('report_files').set({ status: 'rejected' }).where('account_id', '=', account).where('id', '=', reportFileId).execute();
}
