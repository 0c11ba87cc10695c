/**
 * Accounts own their reports: two accounts in one database, of two sites or of the same site (a
 * franchise, one account per store), each ingest their own files with no cross-talk. Rows land in the
 * account's partition, files list, coverage, retract and imports see only the account's, and the same
 * bytes ingested by two accounts are two files. A report of another account's Mercado Pago user is
 * refused whole.
 */
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { importInternal } from '../jobs/import-internal.ts';
import { ingestFile } from '../jobs/ingest-file.ts';
import { listFiles } from '../jobs/list-files.ts';
import { coverageOfReports } from '../jobs/report-coverage.ts';
import { retractFile } from '../jobs/retract-file.ts';
import { uncoveredDays } from '../src/acquire/plan-chunks.ts';
import { inTransaction } from '../src/db/transaction.ts';
import type { Deps } from '../src/deps.ts';
import { analyzeRowTable } from '../src/ingest/store-staged-rows.ts';
import { SETTLEMENT_SCHEMA } from '../src/parse/report-schema.ts';
import { ordersCsv, paymentsCsv, settlementCsv, type SettlementRow, writeTemp } from './helpers/fixtures.ts';
import { addTestAccount } from './helpers/test-accounts.ts';
import { createTestDb, type TestDb } from './helpers/test-db.ts';

let t: TestDb;
beforeAll(async () => {
  t = await createTestDb();
});
afterAll(async () => t.close());
beforeEach(async () => t.reset());

const sale = (n: number, d: number): SettlementRow => ({ ref: `REF-${n}`, payment: `${n}`, amount: '10.00', at: `2026-11-0${d}T10:00:00.000-03:00` });
/** A settlement report as Mercado Pago writes it for a seller of `site` (the fixture's user is 123456789). */
const report = (rows: SettlementRow[], site: 'MLA' | 'MLB' = 'MLA', userId = '123456789'): string => {
  const csv = settlementCsv(site === 'MLB' ? rows.map((r) => ({ ...r, currency: 'BRL' })) : rows);
  return csv.replaceAll(';123456789;account_money;account_money;MLA;', `;${userId};account_money;account_money;${site};`);
};

/** Rows of each account's settlement partition, read from the partitions themselves. */
async function partitionRows(accounts: string[]): Promise<Record<string, string[]>> {
  const out: Record<string, string[]> = {};
  for (const id of accounts) {
    const { rows } = await t.deps.conn.pool.query<{ ref: string; account_id: string }>(`select external_reference as ref, account_id from "mp_settlement_rows_${id}" order by line`);
    for (const r of rows) expect(r.account_id).toBe(id);
    out[id] = rows.map((r) => r.ref);
  }
  return out;
}

const fileNames = async (deps: Deps) => (await listFiles(deps)).map((f) => [f.kind, f.status, f.rows_stored]);
const covered = async (deps: Deps) => (await coverageOfReports(deps, {})).map((c) => [c.kind, c.from, c.to, c.coveredDays]);

describe('two accounts of two sites', () => {
  it("each ingests its own site's reports into its own partition, lists and covers only its own", async () => {
    const ar = t.deps;
    const br = await addTestAccount(t.deps, { id: 'br', site: 'MLB', mpUserId: '777' });
    const mla = await ingestFile(ar, { path: writeTemp(report([sale(1, 1), sale(2, 2)])), from: '2026-11-01', to: '2026-11-02' });
    const mlb = await ingestFile(br, { path: writeTemp(report([sale(3, 5)], 'MLB', '777')), from: '2026-11-05', to: '2026-11-06' });
    expect([mla.rowsStored, mlb.rowsStored]).toEqual([2, 1]);

    expect(await partitionRows(['default', 'br'])).toEqual({ default: ['REF-1', 'REF-2'], br: ['REF-3'] });
    expect(await fileNames(ar)).toEqual([['settlement', 'ingested', 2]]);
    expect(await fileNames(br)).toEqual([['settlement', 'ingested', 1]]);
    expect(await covered(ar)).toEqual([
      ['settlement', '2026-11-01', '2026-11-02', 2],
      ['release', null, null, 0],
    ]);
    expect(await covered(br)).toEqual([
      ['settlement', '2026-11-05', '2026-11-06', 2],
      ['release', null, null, 0],
    ]);
    expect(await uncoveredDays(br, 'settlement', '2026-11-01', '2026-11-06')).toEqual(['2026-11-01', '2026-11-02', '2026-11-03', '2026-11-04']);

    // A site is every account of that site, as before accounts existed.
    expect((await coverageOfReports(t.deps, { account: 'MLB' }))[0]).toMatchObject({ from: '2026-11-05', coveredDays: 2 });

    // Each account's report is another site's for the other one.
    await expect(ingestFile(br, { path: writeTemp(report([sale(4, 3)])) })).rejects.toMatchObject({ code: 'SITE_MISMATCH', message: expect.stringContaining('account br reconciles MLB') });
    await expect(ingestFile(ar, { path: writeTemp(report([sale(5, 3)], 'MLB', '777')) })).rejects.toMatchObject({ code: 'SITE_MISMATCH' });
    expect(await partitionRows(['default', 'br'])).toEqual({ default: ['REF-1', 'REF-2'], br: ['REF-3'] });
  });

  it("summarises the BRIN indexes of the account's partition and analyses that partition only", async () => {
    const br = await addTestAccount(t.deps, { id: 'br-sp', site: 'MLB' });
    await ingestFile(br, { path: writeTemp(report([sale(1, 1), sale(2, 2)], 'MLB')) });
    // The partition's own BRIN indexes, which ingest summarises (named by Postgres, found by access method).
    const brin = await t.deps.conn.pool.query(
      `select count(*)::int as n from pg_index i join pg_class c on c.oid = i.indexrelid join pg_am a on a.oid = c.relam
        where i.indrelid = quote_ident('mp_settlement_rows_br-sp')::regclass and a.amname = 'brin'`,
    );
    expect(brin.rows[0].n).toBe(2);
    await inTransaction(br.conn, (tx) => analyzeRowTable(tx, SETTLEMENT_SCHEMA, 'br-sp'));
    const stats = async (table: string) =>
      Number((await t.deps.conn.pool.query(`select count(*) as n from pg_stats where schemaname = current_schema() and tablename = $1`, [table])).rows[0].n);
    expect(await stats('mp_settlement_rows_br-sp')).toBeGreaterThan(0);
    expect(await stats('mp_settlement_rows')).toBe(0);
  });

  it("lets two accounts' ingests run at once, each under its own lock", async () => {
    const br = await addTestAccount(t.deps, { id: 'br', site: 'MLB' });
    const [ar, brFile] = await Promise.all([
      ingestFile(t.deps, { path: writeTemp(report([sale(1, 1)])) }),
      ingestFile(br, { path: writeTemp(report([sale(2, 1)], 'MLB')) }),
    ]);
    expect([ar.rowsStored, brFile.rowsStored]).toEqual([1, 1]);
    expect(await partitionRows(['default', 'br'])).toEqual({ default: ['REF-1'], br: ['REF-2'] });
  });
});

describe('two accounts of the same site', () => {
  it('the same bytes ingested by both are two files, each its own; each retracts only its own', async () => {
    const a = await addTestAccount(t.deps, { id: 'store-a', site: 'MLA' });
    const b = await addTestAccount(t.deps, { id: 'store-b', site: 'MLA' });
    const file = { path: writeTemp(report([sale(1, 1), sale(2, 1)])), from: '2026-11-01', to: '2026-11-01' };
    const fa = await ingestFile(a, file);
    const fb = await ingestFile(b, file);
    expect([fa.status, fb.status, fa.rowsStored, fb.rowsStored]).toEqual(['ingested', 'ingested', 2, 2]);
    expect(fa.reportFileId).not.toBe(fb.reportFileId);
    expect(await ingestFile(a, file)).toMatchObject({ status: 'already_ingested', reportFileId: fa.reportFileId });
    expect(await partitionRows(['store-a', 'store-b', 'default'])).toEqual({ 'store-a': ['REF-1', 'REF-2'], 'store-b': ['REF-1', 'REF-2'], default: [] });
    expect((await listFiles(a)).map((f) => f.id)).toEqual([fa.reportFileId]);
    expect((await listFiles(b)).map((f) => f.id)).toEqual([fb.reportFileId]);

    await expect(retractFile(b, fa.reportFileId, 'not mine')).rejects.toMatchObject({ code: 'REPORT_FILE_NOT_FOUND' });
    expect(await retractFile(a, fa.reportFileId, 'wrong file')).toMatchObject({ rowsRemoved: 2 });
    expect(await partitionRows(['store-a', 'store-b'])).toEqual({ 'store-a': [], 'store-b': ['REF-1', 'REF-2'] });
    expect(await uncoveredDays(a, 'settlement', '2026-11-01', '2026-11-01')).toEqual(['2026-11-01']);
    expect(await uncoveredDays(b, 'settlement', '2026-11-01', '2026-11-01')).toEqual([]);
  });

  it("imports each account's orders under its own keys, and refuses a payment of the other account's order", async () => {
    const a = await addTestAccount(t.deps, { id: 'store-a', site: 'MLA' });
    const b = await addTestAccount(t.deps, { id: 'store-b', site: 'MLA' });
    await importInternal(a, 'orders', writeTemp(ordersCsv([{ id: 'O-1', amount: '10.00' }])));
    // The same order id and reference in the other store is that store's order, not an update of the first.
    expect(await importInternal(b, 'orders', writeTemp(ordersCsv([{ id: 'O-1', amount: '99.00' }])))).toMatchObject({ inserted: 1, updated: 0 });
    await importInternal(b, 'orders', writeTemp(ordersCsv([{ id: 'O-2', amount: '5.00' }])));
    await importInternal(a, 'payments', writeTemp(paymentsCsv([{ id: 'P-1', order: 'O-1', amount: '10.00' }])));
    await expect(importInternal(a, 'payments', writeTemp(paymentsCsv([{ id: 'P-2', order: 'O-2', amount: '5.00' }])))).rejects.toMatchObject({
      code: 'IMPORT_INVALID_ROWS',
      details: { problems: [{ line: 2, message: expect.stringContaining('order O-2 does not exist') }] },
    });
    const { rows } = await t.deps.conn.pool.query(
      `select o.account_id, o.order_id, o.amount, count(p.mp_payment_id)::int as payments
         from orders o left join order_payments p on p.account_id = o.account_id and p.order_id = o.order_id
        group by 1, 2, 3 order by 1, 2`,
    );
    expect(rows).toEqual([
      { account_id: 'store-a', order_id: 'O-1', amount: '10.00', payments: 1 },
      { account_id: 'store-b', order_id: 'O-1', amount: '99.00', payments: 0 },
      { account_id: 'store-b', order_id: 'O-2', amount: '5.00', payments: 0 },
    ]);
  });
});

describe("another account's report", () => {
  const stored = async (account: string) => ({
    files: Number((await t.deps.conn.pool.query(`select count(*) as n from report_files where account_id = $1`, [account])).rows[0].n),
    rows: Number((await t.deps.conn.pool.query(`select count(*) as n from "mp_settlement_rows_${account}"`)).rows[0].n),
  });

  it('refuses a settlement report whose USER_ID is another Mercado Pago user, storing nothing', async () => {
    const a = await addTestAccount(t.deps, { id: 'store-a', site: 'MLA', mpUserId: '111' });
    const b = await addTestAccount(t.deps, { id: 'store-b', site: 'MLA', mpUserId: '222' });
    const theirs = writeTemp(report([sale(1, 1), sale(2, 2)], 'MLA', '222'), 'store-b-week.csv');
    const err = ingestFile(a, { path: theirs });
    await expect(err).rejects.toMatchObject({
      code: 'REPORT_OTHER_ACCOUNT',
      message: expect.stringMatching(/store-b-week\.csv: line 2 is Mercado Pago user 222's, but account store-a is user 111; nothing was stored/),
      details: { userId: '222', account: 'store-a' },
    });
    expect(await stored('store-a')).toEqual({ files: 0, rows: 0 });
    // Its own account takes it; a report whose USER_ID is blank is no evidence either way.
    expect(await ingestFile(b, { path: theirs })).toMatchObject({ status: 'ingested', rowsStored: 2 });
    expect(await ingestFile(a, { path: writeTemp(report([sale(3, 3)], 'MLA', '')) })).toMatchObject({ rowsStored: 1 });
    expect(await stored('store-a')).toEqual({ files: 1, rows: 1 });
  });

  it('refuses a release report with a USER_ID column of another user, and an account that knows no user takes any', async () => {
    const a = await addTestAccount(t.deps, { id: 'store-a', site: 'MLA', mpUserId: '111' });
    const release = writeTemp('DATE;SOURCE_ID;RECORD_TYPE;NET_CREDIT_AMOUNT;NET_DEBIT_AMOUNT;USER_ID\n2026-11-02T10:00:00.000-03:00;1;release;1.00;0.00;999\n');
    await expect(ingestFile(a, { path: release })).rejects.toMatchObject({ code: 'REPORT_OTHER_ACCOUNT', details: { userId: '999' } });
    expect(await ingestFile(t.deps, { path: release })).toMatchObject({ status: 'ingested', rowsStored: 1 });
  });
});
