/**
 * Undo: `files list` shows every report file, and `files retract` removes one file's rows and coverage
 * in one transaction, recorded in the run history, so fetch asks for its days again and the next
 * reconcile resolves what only that file caused. Rows a later overlapping file also brought are never
 * lost: such a retract is refused until the later files are retracted first.
 */
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { ingestFile } from '../jobs/ingest-file.ts';
import { reconcileWindow } from '../jobs/reconcile-window.ts';
import { retractFile } from '../jobs/retract-file.ts';
import { uncoveredDays } from '../src/acquire/plan-chunks.ts';
import { listReportFiles } from '../src/ingest/list-files.ts';
import { settlementCsv, type SettlementRow, writeTemp } from './helpers/fixtures.ts';
import { createTestDb, type TestDb } from './helpers/test-db.ts';

let t: TestDb;
beforeAll(async () => {
  t = await createTestDb();
});
afterAll(async () => t.close());
beforeEach(async () => t.reset());

const sale = (n: number, d: number): SettlementRow => ({ ref: `STRAY-${n}`, payment: `${n}`, amount: '10.00', at: `2026-11-0${d}T10:00:00.000-03:00` });
const count = async (table: string) => Number((await t.deps.conn.pool.query(`select count(*) from ${table}`)).rows[0].count);
const ingest = (rows: SettlementRow[], from: string, to: string) => ingestFile(t.deps, { path: writeTemp(settlementCsv(rows)), from, to });

describe('files retract', () => {
  it('removes the rows and the coverage of one file, records the run, and the next reconcile resolves its mismatches', async () => {
    const keep = await ingest([sale(1, 1)], '2026-11-01', '2026-11-01');
    const wrong = await ingest([sale(2, 2), sale(3, 2)], '2026-11-02', '2026-11-02');
    await reconcileWindow(t.deps, { from: '2026-11-01', to: '2026-11-02' });
    const open = async () => (await t.deps.conn.pool.query(`select external_reference from mismatches where status = 'open' order by 1`)).rows.map((r) => r.external_reference);
    expect(await open()).toEqual(['STRAY-1', 'STRAY-2', 'STRAY-3']);

    const r = await retractFile(t.deps, wrong.reportFileId, 'wrong account');
    expect(r).toMatchObject({ reportFileId: wrong.reportFileId, rowsRemoved: 2, coversFrom: '2026-11-02', coversTo: '2026-11-02' });
    expect(await count('mp_settlement_rows')).toBe(1);
    expect(await uncoveredDays(t.deps, 'settlement', '2026-11-01', '2026-11-02')).toEqual(['2026-11-02']);
    const run = await t.deps.conn.pool.query(`select job, status, to_char(window_from, 'YYYY-MM-DD') as window_from, counts->>'note' as note from runs where job = 'retract'`);
    expect(run.rows).toEqual([{ job: 'retract', status: 'succeeded', window_from: '2026-11-02', note: 'wrong account' }]);

    await reconcileWindow(t.deps, { from: '2026-11-01', to: '2026-11-02' });
    expect(await open()).toEqual(['STRAY-1']);

    const files = await listReportFiles(t.deps.conn.db, t.deps.account.id);
    expect(files.map((f) => [f.id, f.status, f.rows_stored, f.encoding, f.retract_note])).toEqual([
      [keep.reportFileId, 'ingested', 1, 'utf-8', null],
      [wrong.reportFileId, 'retracted', 2, 'utf-8', 'wrong account'],
    ]);
  });

  it('lets the same file be ingested again after a retract', async () => {
    const path = writeTemp(settlementCsv([sale(1, 1)]));
    const first = await ingestFile(t.deps, { path });
    await retractFile(t.deps, first.reportFileId, 'by mistake');
    const again = await ingestFile(t.deps, { path });
    expect(again).toMatchObject({ status: 'ingested', rowsStored: 1 });
    expect(again.reportFileId).not.toBe(first.reportFileId);
  });

  it('refuses to retract a file whose rows a later overlapping file also contained, until that one is retracted', async () => {
    const daily = await ingest([sale(1, 2), sale(2, 2)], '2026-11-02', '2026-11-02');
    const weekly = await ingest([sale(1, 2), sale(2, 2), sale(3, 4)], '2026-11-01', '2026-11-07');
    expect(weekly).toMatchObject({ rowsStored: 1, rowsDuplicate: 2 });
    await expect(retractFile(t.deps, daily.reportFileId, 'x')).rejects.toMatchObject({
      code: 'RETRACT_OVERLAPPING_FILES',
      message: expect.stringContaining(`files retract ${weekly.reportFileId}`),
    });
    expect(await count('mp_settlement_rows')).toBe(3);
    const failed = await t.deps.conn.pool.query(`select status, error_code from runs where job = 'retract'`);
    expect(failed.rows).toEqual([{ status: 'failed', error_code: 'RETRACT_OVERLAPPING_FILES' }]);

    // Retracting the weekly file first, then the daily, and ingesting the weekly again keeps every row.
    await retractFile(t.deps, weekly.reportFileId, 'redo');
    await retractFile(t.deps, daily.reportFileId, 'redo');
    await ingest([sale(1, 2), sale(2, 2), sale(3, 4)], '2026-11-01', '2026-11-07');
    expect(await count('mp_settlement_rows')).toBe(3);
  });

  it('retracts a file overlapped only by later files without duplicates', async () => {
    const daily = await ingest([sale(1, 2)], '2026-11-02', '2026-11-02');
    await ingest([sale(3, 4)], '2026-11-01', '2026-11-07');
    expect(await retractFile(t.deps, daily.reportFileId, 'x')).toMatchObject({ rowsRemoved: 1 });
  });

  it('refuses an unknown id and a file already retracted, with codes', async () => {
    await expect(retractFile(t.deps, '999', 'x')).rejects.toMatchObject({ code: 'REPORT_FILE_NOT_FOUND' });
    const f = await ingest([sale(1, 1)], '2026-11-01', '2026-11-01');
    await retractFile(t.deps, f.reportFileId, 'x');
    await expect(retractFile(t.deps, f.reportFileId, 'x')).rejects.toMatchObject({ code: 'REPORT_FILE_NOT_INGESTED' });
  });
});
