/**
 * Integrity at the ingest boundary: a report's encoding never changes what is stored, another site's
 * report is refused whole, and a file none of whose rows could be stored covers nothing.
 */
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { importInternal } from '../jobs/import-internal.ts';
import { ingestFile } from '../jobs/ingest-file.ts';
import { uncoveredDays } from '../src/acquire/plan-chunks.ts';
import { ReconError } from '../src/errors.ts';
import { Utf8Validator } from '../src/parse/decode.ts';
import { createTestDb, type TestDb } from './helpers/test-db.ts';

let t: TestDb;
beforeAll(async () => {
  t = await createTestDb();
});
afterAll(async () => t.close());
beforeEach(async () => t.reset());

const dir = mkdtempSync(join(tmpdir(), 'mp-recon-integrity-'));
let n = 0;
const write = (content: string | Buffer): string => {
  const path = join(dir, `f-${++n}.csv`);
  writeFileSync(path, content);
  return path;
};

const HEADER = 'EXTERNAL_REFERENCE;SOURCE_ID;SITE;TRANSACTION_TYPE;TRANSACTION_AMOUNT;TRANSACTION_CURRENCY;SETTLEMENT_CURRENCY;SETTLEMENT_DATE;DESCRIPTION';
const row = (ref: string, id: string, description: string, { site = 'MLA', currency = 'ARS', day = '02' } = {}) =>
  `${ref};${id};${site};SETTLEMENT;100.00;${currency};${currency};2026-11-${day}T10:00:00.000-03:00;${description}`;
const csv = (rows: string[]) => `${[HEADER, ...rows].join('\r\n')}\r\n`;

const ACCENTED = [row('PEDIDO-AÑO-1', '1', 'Café con leche'), row('PEDIDO-AÑO-2', '2', 'Ñandú señor')];
const stored = async () =>
  (await t.deps.conn.pool.query<{ external_reference: string; description: string }>('select external_reference, description from mp_settlement_rows order by source_id')).rows;
const count = async (table: string) => Number((await t.deps.conn.pool.query(`select count(*) from ${table}`)).rows[0].count);

describe('encoding', () => {
  it('stores a Windows-1252 report with its accents and recognises the same rows in UTF-8 (either order)', async () => {
    const latin = await ingestFile(t.deps, { path: write(Buffer.from(csv(ACCENTED), 'latin1')) });
    expect(latin).toMatchObject({ status: 'ingested', rowsStored: 2, encoding: 'windows-1252' });
    const utf8 = await ingestFile(t.deps, { path: write(csv(ACCENTED)) });
    expect(utf8).toMatchObject({ status: 'ingested', rowsStored: 0, rowsDuplicate: 2, encoding: 'utf-8' });
    expect(await stored()).toEqual([
      { external_reference: 'PEDIDO-AÑO-1', description: 'Café con leche' },
      { external_reference: 'PEDIDO-AÑO-2', description: 'Ñandú señor' },
    ]);
    const reports = await t.deps.conn.pool.query('select encoding from report_files order by id');
    expect(reports.rows.map((r) => r.encoding)).toEqual(['windows-1252', 'utf-8']);
  });

  it('stores UTF-8 first and finds the Windows-1252 copy a duplicate', async () => {
    await ingestFile(t.deps, { path: write(csv(ACCENTED)) });
    const latin = await ingestFile(t.deps, { path: write(Buffer.from(csv(ACCENTED), 'latin1')) });
    expect(latin).toMatchObject({ rowsStored: 0, rowsDuplicate: 2, encoding: 'windows-1252' });
    expect(await count('mp_settlement_rows')).toBe(2);
  });

  it('normalises decomposed accents (NFD, as macOS writes them) to NFC before the natural key', async () => {
    await ingestFile(t.deps, { path: write(csv(ACCENTED)) });
    const decomposed = await ingestFile(t.deps, { path: write(csv(ACCENTED).normalize('NFD')) });
    expect(decomposed).toMatchObject({ rowsStored: 0, rowsDuplicate: 2, encoding: 'utf-8' });
    expect((await stored())[1]!.description).toBe('Ñandú señor'.normalize('NFC'));
  });

  it('decides over the whole file: valid UTF-8 for its first megabytes and not later is read as Windows-1252', async () => {
    const ascii = Array.from({ length: 20_000 }, (_, i) => row(`REF-${i}`, `${i + 10}`, 'plain ascii description of the sale'));
    const content = Buffer.concat([Buffer.from(csv(ascii)), Buffer.from(`${row('PEDIDO-AÑO-1', '1', 'Café')}\r\n`, 'latin1')]);
    expect(content.length).toBeGreaterThan(1_500_000);
    const r = await ingestFile(t.deps, { path: write(content) });
    expect(r).toMatchObject({ rowsStored: 20_001, rowsRejected: 0, encoding: 'windows-1252' });
    const last = await t.deps.conn.pool.query(`select description from mp_settlement_rows where source_id = '1'`);
    expect(last.rows[0].description).toBe('Café');
  });

  it('keeps a UTF-8 character cut by a chunk boundary valid', () => {
    const bytes = Buffer.from('año ñandú €');
    for (let cut = 1; cut < bytes.length; cut++) {
      const v = new Utf8Validator();
      v.push(bytes.subarray(0, cut));
      v.push(bytes.subarray(cut));
      expect(v.valid()).toBe(true);
    }
    const truncated = new Utf8Validator();
    truncated.push(bytes.subarray(0, 2));
    expect(truncated.valid()).toBe(false);
  });

  it('refuses a UTF-16 file with a code that says to save it as UTF-8', async () => {
    const utf16 = Buffer.concat([Buffer.from([0xff, 0xfe]), Buffer.from(csv(ACCENTED), 'utf16le')]);
    await expect(ingestFile(t.deps, { path: write(utf16) })).rejects.toMatchObject({ code: 'ENCODING_UNSUPPORTED' });
    expect(await count('report_files')).toBe(0);
  });

  it('imports a Windows-1252 orders file with its accents, NFC, and says so', async () => {
    const orders = 'order_id,external_reference,site,currency,amount,status,created_at,paid_at\r\n1,PEDIDO-AÑO-1,MLA,ARS,100.00,paid,2026-11-02T10:00:00-03:00,\r\n';
    const r = await importInternal(t.deps, 'orders', write(Buffer.from(orders, 'latin1')));
    expect(r).toMatchObject({ rows: 1, encoding: 'windows-1252' });
    const again = await importInternal(t.deps, 'orders', write(orders.normalize('NFD')));
    expect(again).toMatchObject({ rows: 1, inserted: 0, updated: 1, encoding: 'utf-8' });
    const o = await t.deps.conn.pool.query('select external_reference from orders');
    expect(o.rows).toEqual([{ external_reference: 'PEDIDO-AÑO-1' }]);
  });
});

const refusal = async (work: Promise<unknown>): Promise<ReconError> => {
  const err = await work.then(
    () => undefined,
    (e: unknown) => e,
  );
  expect(err).toBeInstanceOf(ReconError);
  return err as ReconError;
};

describe("another site's file", () => {
  it('refuses a settlement report whose SITE is another site, storing nothing', async () => {
    const err = await refusal(ingestFile(t.deps, { path: write(csv([row('R1', '1', 'x'), row('R2', '2', 'x', { site: 'MLB', currency: 'BRL' })])) }));
    expect(err.code).toBe('SITE_MISMATCH');
    expect(err.message).toMatch(/line 3 .*SITE is MLB.*MLA/);
    expect(await count('report_files')).toBe(0);
    expect(await count('mp_settlement_rows')).toBe(0);
  });

  it("refuses a report without SITE whose settlement currency is another site's, but keeps a USD row as a row-level mismatch", async () => {
    const noSite = (currency: string) => `EXTERNAL_REFERENCE;SOURCE_ID;TRANSACTION_TYPE;TRANSACTION_AMOUNT;SETTLEMENT_CURRENCY;SETTLEMENT_DATE\r\nR1;1;SETTLEMENT;10.00;${currency};2026-11-02T10:00:00.000-03:00\r\n`;
    const err = await refusal(ingestFile(t.deps, { path: write(noSite('BRL')) }));
    expect(err.code).toBe('SITE_MISMATCH');
    expect(err.message).toMatch(/BRL, the currency of MLB/);
    expect(await count('report_files')).toBe(0);
    expect(await ingestFile(t.deps, { path: write(noSite('USD')) })).toMatchObject({ rowsStored: 1 });
  });

  it("refuses a release report in another site's currency", async () => {
    const release = 'DATE;SOURCE_ID;RECORD_TYPE;DESCRIPTION;NET_CREDIT_AMOUNT;NET_DEBIT_AMOUNT;CURRENCY\r\n2026-11-02T10:00:00.000-03:00;1;release;payment;10.00;0.00;MXN\r\n';
    const err = await refusal(ingestFile(t.deps, { path: write(release) }));
    expect(err.code).toBe('SITE_MISMATCH');
    expect(await count('mp_release_rows')).toBe(0);
  });

  it("refuses internal files whose site or currency is another site's, importing nothing", async () => {
    const header = 'order_id,external_reference,site,currency,amount,status,created_at,paid_at';
    const order = (id: string, site: string, currency: string) => `${id},REF-${id},${site},${currency},100.00,paid,2026-11-02T10:00:00-03:00,`;
    const bySite = await refusal(importInternal(t.deps, 'orders', write(`${header}\n${order('1', 'MLA', 'ARS')}\n${order('2', 'MLB', 'BRL')}\n`)));
    expect(bySite.code).toBe('SITE_MISMATCH');
    expect(await count('orders')).toBe(0);
    await importInternal(t.deps, 'orders', write(`${header}\n${order('1', 'MLA', 'ARS')}\n`));
    const payments = 'mp_payment_id,order_id,amount,currency,status,approved_at\n9,1,100.00,CLP,approved,2026-11-02T10:00:00-03:00\n';
    expect((await refusal(importInternal(t.deps, 'payments', write(payments)))).code).toBe('SITE_MISMATCH');
    expect(await count('order_payments')).toBe(0);
  });
});

describe('a file with every row rejected', () => {
  const bad = (day: string) => `${HEADER}\r\nR1;1;MLA;SETTLEMENT;abc;ARS;ARS;2026-11-${day}T10:00:00.000-03:00;x\r\nR2;2;MLA;SETTLEMENT;10.00;ARS;ARS;not-a-date;x\r\n`;

  it('fails with INGEST_ALL_REJECTED, covers no day and keeps its rejected rows', async () => {
    const path = write(bad('02'));
    const err = await refusal(ingestFile(t.deps, { path, from: '2026-11-02', to: '2026-11-02' }));
    expect(err.code).toBe('INGEST_ALL_REJECTED');
    const files = await t.deps.conn.pool.query(`select id, status from report_files`);
    expect(files.rows).toEqual([{ id: expect.any(String), status: 'rejected' }]);
    expect(await count('rejected_rows')).toBe(2);
    expect(await uncoveredDays(t.deps, 'settlement', '2026-11-01', '2026-11-03')).toEqual(['2026-11-01', '2026-11-02', '2026-11-03']);
    // Trying again keeps only the latest attempt, and the real report for the day is then ingested.
    expect((await refusal(ingestFile(t.deps, { path, from: '2026-11-02', to: '2026-11-02' }))).code).toBe('INGEST_ALL_REJECTED');
    expect(await count('report_files')).toBe(1);
    expect(await count('rejected_rows')).toBe(2);
    const real = await ingestFile(t.deps, { path: write(csv([row('R1', '1', 'x')])), from: '2026-11-02', to: '2026-11-02' });
    expect(real).toMatchObject({ status: 'ingested', rowsStored: 1 });
    expect(await uncoveredDays(t.deps, 'settlement', '2026-11-01', '2026-11-03')).toEqual(['2026-11-01', '2026-11-03']);
  });

  it('fails the same way without declared days', async () => {
    expect((await refusal(ingestFile(t.deps, { path: write(bad('02')) }))).code).toBe('INGEST_ALL_REJECTED');
  });

  it('still counts a header-only file (a quiet day) and an all-duplicate file as coverage', async () => {
    const quiet = await ingestFile(t.deps, { path: write(`${HEADER}\r\n`), from: '2026-11-01', to: '2026-11-01' });
    expect(quiet).toMatchObject({ status: 'ingested', rowsRead: 0 });
    await ingestFile(t.deps, { path: write(csv([row('R1', '1', 'x')])), from: '2026-11-02', to: '2026-11-02' });
    const dup = await ingestFile(t.deps, { path: write(csv([row('R1', '1', 'x'), ''])), from: '2026-11-02', to: '2026-11-03' });
    expect(dup).toMatchObject({ status: 'ingested', rowsStored: 0, rowsDuplicate: 1 });
    expect(await uncoveredDays(t.deps, 'settlement', '2026-11-01', '2026-11-03')).toEqual([]);
  });
});
