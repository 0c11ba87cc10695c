/**
 * Bad rows and files in ingest and import (issue 10): each is refused with a stable code and nothing
 * wrong is stored; a bad report row never stops the rest of its file.
 */
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { importInternal } from '../jobs/import-internal.ts';
import { ingestFile } from '../jobs/ingest-file.ts';
import { reconcileWindow } from '../jobs/reconcile-window.ts';
import { ID_MAX_CHARS, TEXT_MAX_CHARS } from '../src/parse/field-limits.ts';
import { ordersCsv, paymentsCsv, type SettlementRow, settlementCsv, writeTemp } from './helpers/fixtures.ts';
import { createTestDb, type TestDb } from './helpers/test-db.ts';

let t: TestDb;
beforeAll(async () => {
  t = await createTestDb();
});
afterAll(async () => t.close());
beforeEach(async () => t.reset());

const at = '2026-11-02T10:00:00.000-03:00';
const sale = (n: number, extra: Partial<SettlementRow> = {}): SettlementRow => ({ ref: `REF-${n}`, payment: `${n}`, amount: '10.00', at, ...extra });
const rejected = async () =>
  (await t.deps.conn.pool.query<{ line: number; code: string; message: string }>('select line, code, message from rejected_rows order by line')).rows;
const storedRefs = async () => (await t.deps.conn.pool.query<{ ref: string }>('select external_reference as ref from mp_settlement_rows order by line')).rows.map((r) => r.ref);

describe('a report row with a field over its limit', () => {
  it('is rejected with FIELD_TOO_LONG and the rest of the file is stored', async () => {
    const longRef = 'R'.repeat(3000);
    const csv = settlementCsv([sale(1), sale(2, { ref: longRef }), sale(3, { payment: '9'.repeat(ID_MAX_CHARS + 1) }), sale(4)]);
    const r = await ingestFile(t.deps, { path: writeTemp(csv) });
    expect(r).toMatchObject({ rowsRead: 4, rowsStored: 2, rowsRejected: 2 });
    expect(await storedRefs()).toEqual(['REF-1', 'REF-4']);
    expect(await rejected()).toEqual([
      { line: 3, code: 'FIELD_TOO_LONG', message: `EXTERNAL_REFERENCE is 3000 characters long; the limit is ${ID_MAX_CHARS}` },
      { line: 4, code: 'FIELD_TOO_LONG', message: `SOURCE_ID is ${ID_MAX_CHARS + 1} characters long; the limit is ${ID_MAX_CHARS}` },
    ]);
  });

  it('keeps a description up to its own, longer limit', async () => {
    const header = 'SOURCE_ID,TRANSACTION_TYPE,TRANSACTION_AMOUNT,SETTLEMENT_DATE,DESCRIPTION\n';
    const csv = `${header}1,SETTLEMENT,10.00,${at},${'d'.repeat(TEXT_MAX_CHARS)}\n2,SETTLEMENT,10.00,${at},${'d'.repeat(TEXT_MAX_CHARS + 1)}\n`;
    const r = await ingestFile(t.deps, { path: writeTemp(csv) });
    expect(r).toMatchObject({ rowsStored: 1, rowsRejected: 1 });
    expect((await rejected())[0]).toMatchObject({ line: 3, code: 'FIELD_TOO_LONG' });
  });
});

describe('an amount with more decimals than its currency has', () => {
  it('is rejected with AMOUNT_SCALE in a report unless the extra digits are zeros', async () => {
    const csv = settlementCsv([sale(1, { amount: '5.00', fee: '-0.50' }), sale(2, { amount: '5.001', net: '5.00' }), sale(3, { amount: '5.0000', net: '5.00' }), sale(4, { amount: '12.10', fee: '-1.0001', net: '11.10' })]);
    const r = await ingestFile(t.deps, { path: writeTemp(csv) });
    expect(r).toMatchObject({ rowsStored: 2, rowsRejected: 2 });
    expect(await storedRefs()).toEqual(['REF-1', 'REF-3']);
    expect(await rejected()).toEqual([
      { line: 3, code: 'AMOUNT_SCALE', message: "TRANSACTION_AMOUNT '5.001' has more decimals than ARS allows (2); only zeros may follow" },
      { line: 5, code: 'AMOUNT_SCALE', message: "FEE_AMOUNT '-1.0001' has more decimals than ARS allows (2); only zeros may follow" },
    ]);
  });

  it('holds a Chilean site to whole pesos, in reports and imports', async () => {
    const deps = await t.depsWith({ RECON_SITE: 'MLC' });
    const chilean = (csv: string) => csv.replaceAll(';MLA;', ';MLC;').replaceAll(',MLA,', ',MLC,');
    const report = chilean(settlementCsv([sale(1, { amount: '1500', currency: 'CLP', net: '1500' }), sale(2, { amount: '1500.50', currency: 'CLP', net: '1500' })]));
    const r = await ingestFile(deps, { path: writeTemp(report) });
    expect(r).toMatchObject({ rowsStored: 1, rowsRejected: 1 });
    expect((await rejected())[0]).toMatchObject({ line: 3, code: 'AMOUNT_SCALE', message: expect.stringContaining('CLP allows (0)') });
    const orders = chilean(ordersCsv([{ id: 'C', amount: '7.00', currency: 'CLP' }, { id: 'D', amount: '7.5', currency: 'CLP' }]));
    const err = await importInternal(deps, 'orders', writeTemp(orders)).catch((e) => e);
    expect(err.details.problems).toEqual([{ line: 3, message: "AMOUNT_SCALE: amount '7.5' has more decimals than CLP allows (0); only zeros may follow" }]);
  });

  it('is a bad row of an import, which then imports nothing', async () => {
    const csv = ordersCsv([{ id: 'A', amount: '5.001' }, { id: 'B', amount: '5.000' }]);
    const err = await importInternal(t.deps, 'orders', writeTemp(csv)).catch((e) => e);
    expect(err).toMatchObject({ code: 'IMPORT_INVALID_ROWS' });
    expect(err.details.problems).toEqual([{ line: 2, message: "AMOUNT_SCALE: amount '5.001' has more decimals than ARS allows (2); only zeros may follow" }]);
    expect(Number((await t.deps.conn.pool.query('select count(*) from orders')).rows[0].count)).toBe(0);
  });
});

describe('import refuses what would store something wrong', () => {
  it('lists an id or reference over the limit as FIELD_TOO_LONG instead of failing on the index', async () => {
    const csv = ordersCsv([{ id: 'A', amount: '1.00', ref: 'R'.repeat(3000) }, { id: 'B'.repeat(ID_MAX_CHARS + 1), amount: '1.00' }, { id: 'C', amount: '1.00' }]);
    const err = await importInternal(t.deps, 'orders', writeTemp(csv)).catch((e) => e);
    expect(err).toMatchObject({ code: 'IMPORT_INVALID_ROWS' });
    expect(err.details.problems).toEqual([
      { line: 2, message: `FIELD_TOO_LONG: external_reference is 3000 characters long; the limit is ${ID_MAX_CHARS}` },
      { line: 3, message: expect.stringMatching(/^FIELD_TOO_LONG: order_id is 257 characters long; the limit is 256; FIELD_TOO_LONG: external_reference/) },
    ]);
  });

  it('refuses a header that names a column twice, as ingest does', async () => {
    await importInternal(t.deps, 'orders', writeTemp(ordersCsv([{ id: 'A', amount: '1.00' }])));
    const csv = 'mp_payment_id,order_id,amount,currency,status,approved_at,amount\n1,A,1.00,ARS,approved,2026-11-03T10:00:00-03:00,999.00\n';
    await expect(importInternal(t.deps, 'payments', writeTemp(csv, 'payments.csv'))).rejects.toMatchObject({
      code: 'HEADER_DUPLICATE_COLUMN',
      message: expect.stringMatching(/payments\.csv: column AMOUNT appears twice in the header \(columns 3 and 7\)/),
    });
    expect(Number((await t.deps.conn.pool.query('select count(*) from order_payments')).rows[0].count)).toBe(0);
    // The same file without the second column imports.
    await importInternal(t.deps, 'payments', writeTemp(paymentsCsv([{ id: '1', order: 'A', amount: '1.00' }])));
  });

  it('names a directory with FILE_IS_DIRECTORY in ingest and import', async () => {
    await expect(ingestFile(t.deps, { path: 'samples/mla' })).rejects.toMatchObject({ code: 'FILE_IS_DIRECTORY' });
    await expect(importInternal(t.deps, 'orders', 'samples/mla')).rejects.toMatchObject({ code: 'FILE_IS_DIRECTORY' });
  });
});

describe('runs a dead process left running', () => {
  it('are closed out as ABANDONED by the next command that starts any run, not only by acquisition', async () => {
    const left = await t.deps.conn.pool.query<{ id: string }>(`insert into runs (account_id, job, status) values ('default', 'sync', 'running') returning id`);
    const r = await reconcileWindow(t.deps, { from: '2026-11-01', to: '2026-11-02' });
    const runs = await t.deps.conn.db.selectFrom('runs').select(['id', 'status', 'error_code']).orderBy('id').execute();
    expect(runs).toEqual([
      { id: left.rows[0]!.id, status: 'failed', error_code: 'ABANDONED' },
      { id: r.runId, status: 'succeeded', error_code: null },
    ]);
  });
});
