/**
 * Use case: undo one ingested report file (`mp-recon files retract ID --note TEXT`). In one transaction
 * its rows leave the row table and it stops covering its days (status `retracted`, with the note and
 * time; the record and its rejected rows stay for the history). Fetch then asks Mercado Pago for those
 * days again, and the next reconcile of them auto-resolves what only that file caused. The run is
 * recorded in `runs` (job `retract`).
 *
 * Rows are stored once: a row that a later, overlapping file also contained was skipped at that file's
 * ingest as a duplicate and is stored as this file's. Retracting this file alone would lose it. So a
 * retract is refused (RETRACT_OVERLAPPING_FILES) while a later ingested file of the same kind had
 * duplicates and overlaps this file's days or rows; the message names those files: retract them first
 * (newest first), then this one, and ingest again the ones to keep. Which earlier file a duplicate
 * matched is not recorded, so the test is conservative: it may name a file whose duplicates belonged
 * to another file, never miss one whose rows could be lost.
 */
import { sql } from 'kysely';
import type { Deps } from '../src/deps.ts';
import { ReconError } from '../src/errors.ts';
import { inRun } from '../src/runs/runs.ts';

export interface RetractResult extends Record<string, unknown> {
  readonly reportFileId: string;
  readonly kind: 'settlement' | 'release';
  readonly fileName: string;
  readonly coversFrom: string;
  readonly coversTo: string;
  readonly rowsRemoved: number;
  readonly runId: string;
}

const ROW_TABLE = { settlement: 'mp_settlement_rows', release: 'mp_release_rows' } as const;

export async function retractFile(deps: Deps, id: string, note: string): Promise<RetractResult> {
  if (!/^\d+$/.test(id)) throw new ReconError('USAGE', `report file id must be a number (got '${id}')`);
  const db = deps.conn.db;
  const file = await db
    .selectFrom('report_files')
    .select(['id', 'kind', 'status', 'file_name', sql<string>`to_char(covers_from, 'YYYY-MM-DD')`.as('from'), sql<string>`to_char(covers_to, 'YYYY-MM-DD')`.as('to')])
    .where('id', '=', id)
    .where('site', '=', deps.config.site)
    .executeTakeFirst();
  if (!file) throw new ReconError('REPORT_FILE_NOT_FOUND', `report file ${id} does not exist for site ${deps.config.site}; list them with mp-recon files list`);
  return inRun(db, 'retract', { from: file.from, to: file.to }, () =>
    db.transaction().execute(async (trx) => {
      const current = await trx.selectFrom('report_files').select('status').where('id', '=', id).forUpdate().executeTakeFirstOrThrow();
      if (current.status !== 'ingested') {
        throw new ReconError('REPORT_FILE_NOT_INGESTED', `report file ${id} is ${current.status}, not ingested: it has no rows or coverage to retract`);
      }
      const table = ROW_TABLE[file.kind];
      const overlapping = await sql<{ id: string; file_name: string }>`
        with me as (select id, kind, site, covered_start, covered_end from report_files where id = ${id}),
        span as (
          select least(min(r.booked_at), me.covered_start) as s, greatest(max(r.booked_at), me.covered_end) as e
            from ${sql.table(table)} r, me where r.report_file_id = me.id group by me.covered_start, me.covered_end)
        select f.id, f.file_name from report_files f, me, span
         where f.id > me.id and f.status = 'ingested' and f.kind = me.kind and f.site = me.site and f.rows_duplicate > 0
           and f.covered_start <= span.e and f.covered_end >= span.s
         order by f.id desc`.execute(trx);
      if (overlapping.rows.length > 0) {
        const names = overlapping.rows.map((f) => `${f.id} (${f.file_name})`).join(', ');
        throw new ReconError(
          'RETRACT_OVERLAPPING_FILES',
          `report file ${id} holds rows that later overlapping files may also contain (they were stored once, as file ${id}'s): ${names}. ` +
            `Retract those first, newest first (mp-recon files retract ${overlapping.rows[0]!.id} --note ...), then file ${id}, and ingest again the files to keep.`,
          { details: { reportFileId: id, overlapping: overlapping.rows.map((f) => f.id) } },
        );
      }
      const removed = await trx.deleteFrom(table).where('report_file_id', '=', id).executeTakeFirst();
      await trx.updateTable('report_files').set({ status: 'retracted', retracted_at: new Date(), retract_note: note }).where('id', '=', id).execute();
      const rowsRemoved = Number(removed.numDeletedRows);
      deps.log.info({ reportFileId: id, kind: file.kind, rowsRemoved }, 'report file retracted');
      return { reportFileId: id, kind: file.kind, fileName: file.file_name, coversFrom: file.from, coversTo: file.to, rowsRemoved, note };
    }),
  );
}
