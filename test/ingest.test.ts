import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { ingestFile } from '../jobs/ingest-file.ts';
import { settlementCsv, type SettlementRow, writeTemp } from './helpers/fixtures.ts';
import { createTestDb, type TestDb } from './helpers/test-db.ts';

let t: TestDb;
beforeAll(async () => {
  t = await createTestDb();
});
afterAll(async () => t.close());
beforeEach(async () => t.reset());

const day = (d: number, hh = '10'): string => `2026-11-0${d}T${hh}:00:00.000-03:00`;
const sale = (n: number, d: number): SettlementRow => ({ ref: `REF-${n}`, payment: `${n}`, amount: '10.00', fee: '-1.00', at: day(d) });
const count = async (table: 'mp_settlement_rows' | 'rejected_rows' | 'report_files') =>
  Number((await t.deps.conn.pool.query(`select count(*) from ${table}`)).rows[0].count);

describe('ingestFile', () => {
  it('stores every row with provenance and infers the days from the rows', async () => {
    const r = await ingestFile(t.deps, { path: writeTemp(settlementCsv([sale(1, 1), sale(2, 3)])) });
    expect(r).toMatchObject({ status: 'ingested', rowsRead: 2, rowsStored: 2, rowsDuplicate: 0, rowsRejected: 0, coversFrom: '2026-11-01', coversTo: '2026-11-03' });
    const rows = await t.deps.conn.db.selectFrom('mp_settlement_rows').select(['line', 'report_file_id', 'source_id', 'transaction_amount']).orderBy('line').execute();
    expect(rows).toEqual([
      { line: 2, report_file_id: r.reportFileId, source_id: '1', transaction_amount: '10.00' },
      { line: 3, report_file_id: r.reportFileId, source_id: '2', transaction_amount: '10.00' },
    ]);
  });

  it('treats the same file twice as a no-op that says so', async () => {
    const path = writeTemp(settlementCsv([sale(1, 1)]));
    const first = await ingestFile(t.deps, { path });
    const second = await ingestFile(t.deps, { path });
    expect(second).toMatchObject({ status: 'already_ingested', reportFileId: first.reportFileId });
    expect(await count('mp_settlement_rows')).toBe(1);
    expect(await count('report_files')).toBe(1);
  });

  it('adds only new rows from a weekly file that overlaps a daily one', async () => {
    await ingestFile(t.deps, { path: writeTemp(settlementCsv([sale(3, 3), sale(4, 3)])), from: '2026-11-03', to: '2026-11-03' });
    const weekly = await ingestFile(t.deps, { path: writeTemp(settlementCsv([sale(1, 1), sale(3, 3), sale(4, 3), sale(5, 5)])), from: '2026-11-01', to: '2026-11-07' });
    expect(weekly).toMatchObject({ rowsRead: 4, rowsStored: 2, rowsDuplicate: 2 });
    expect(await count('mp_settlement_rows')).toBe(4);
  });

  it('recognises the same movement in a file with other separators, header labels and column order', async () => {
    await ingestFile(t.deps, { path: writeTemp(settlementCsv([sale(1, 1)])) });
    const relabelled =
      'Valor (TRANSACTION_AMOUNT),Tipo (TRANSACTION_TYPE),ID (SOURCE_ID),Data (SETTLEMENT_DATE),Data origem (TRANSACTION_DATE),Ref (EXTERNAL_REFERENCE),Tarifa (FEE_AMOUNT),Líquido (SETTLEMENT_NET_AMOUNT),Moeda (TRANSACTION_CURRENCY)\n' +
      '10.0,SETTLEMENT,1,2026-11-01T13:00:00Z,2026-11-01T13:00:00Z,REF-1,-1,9,ARS\n';
    const r = await ingestFile(t.deps, { path: writeTemp(relabelled) });
    expect(r).toMatchObject({ rowsRead: 1, rowsStored: 0, rowsDuplicate: 1 });
  });

  it('keeps identical rows inside one file (two equal partial refunds) and dedups them against a later file', async () => {
    const refund: SettlementRow = { ref: 'REF-1', payment: '1', type: 'REFUND', amount: '-5.00', at: day(2) };
    const first = await ingestFile(t.deps, { path: writeTemp(settlementCsv([sale(1, 1), refund, refund])) });
    expect(first).toMatchObject({ rowsStored: 3 });
    const later = await ingestFile(t.deps, { path: writeTemp(settlementCsv([refund, refund, refund])) });
    expect(later).toMatchObject({ rowsStored: 1, rowsDuplicate: 2 });
    const occurrences = await t.deps.conn.pool.query(`select occurrence from mp_settlement_rows where transaction_type = 'REFUND' order by occurrence`);
    expect(occurrences.rows.map((r) => r.occurrence)).toEqual([1, 2, 3]);
  });

  it('stores bad rows in rejected_rows and the good ones anyway', async () => {
    const text = `${settlementCsv([sale(1, 1)])}oops;"unclosed\n${settlementCsv([sale(2, 2)]).split('\n')[1]}\n`;
    const r = await ingestFile(t.deps, { path: writeTemp(text) });
    expect(r).toMatchObject({ rowsRead: 3, rowsStored: 2, rowsRejected: 1 });
    const rejected = await t.deps.conn.db.selectFrom('rejected_rows').select(['line', 'code', 'raw']).execute();
    expect(rejected).toEqual([{ line: 3, code: 'CSV_QUOTE_NOT_CLOSED', raw: 'oops;"unclosed' }]);
  });

  it('leaves nothing behind when the file fails part-way', async () => {
    // A release row without a date is stored-able but places the file on no day: coverage fails after staging.
    const path = writeTemp('DATE;SOURCE_ID;RECORD_TYPE;NET_CREDIT_AMOUNT;NET_DEBIT_AMOUNT\n;1;release;1.00;0.00\n');
    await expect(ingestFile(t.deps, { path })).rejects.toMatchObject({ code: 'COVERAGE_UNKNOWN' });
    expect(await count('report_files')).toBe(0);
    expect(await count('rejected_rows')).toBe(0);
  });

  it('ingests an empty report when its days are declared', async () => {
    const r = await ingestFile(t.deps, { path: writeTemp(settlementCsv([])), from: '2026-11-08', to: '2026-11-08' });
    expect(r).toMatchObject({ status: 'ingested', rowsRead: 0, coversFrom: '2026-11-08', coversTo: '2026-11-08' });
  });

  it('lets two concurrent ingests of the same file store it once', async () => {
    const path = writeTemp(settlementCsv([sale(1, 1), sale(2, 2)]));
    const other = await t.depsWith({});
    const results = await Promise.all([ingestFile(t.deps, { path }), ingestFile(other, { path })]);
    expect(results.map((r) => r.status).sort()).toEqual(['already_ingested', 'ingested']);
    expect(await count('mp_settlement_rows')).toBe(2);
  });

  it('says which file and column when the header lacks a required column', async () => {
    const path = writeTemp('EXTERNAL_REFERENCE;SOURCE_ID;TRANSACTION_AMOUNT;SETTLEMENT_DATE\n', 'weekly.csv');
    await expect(ingestFile(t.deps, { path, kind: 'settlement' })).rejects.toMatchObject({ code: 'HEADER_MISSING_COLUMN', message: expect.stringContaining('TRANSACTION_TYPE') });
  });
});

describe('ingestFile coverage of identical files', () => {
  it('records a header-only report once per period it covers, and is still a no-op for the same period', async () => {
    const path = writeTemp(settlementCsv([]));
    const first = await ingestFile(t.deps, { path, from: '2026-11-08', to: '2026-11-08' });
    const other = await ingestFile(t.deps, { path, from: '2026-11-09', to: '2026-11-09' });
    const same = await ingestFile(t.deps, { path, from: '2026-11-09', to: '2026-11-09' });
    expect([first.status, other.status, same.status]).toEqual(['ingested', 'ingested', 'already_ingested']);
    expect(same.reportFileId).toBe(other.reportFileId);
    expect(await count('report_files')).toBe(2);
  });
});
