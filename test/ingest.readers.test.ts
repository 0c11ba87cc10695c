/**
 * The raw-COPY fast path and the row-by-row parser must store exactly the same thing for any file:
 * the fast path takes only files it can vouch for and hands every other one to the parser.
 */
import fc from 'fast-check';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { ingestFile, type IngestResult } from '../jobs/ingest-file.ts';
import { writeTemp } from './helpers/fixtures.ts';
import { createTestDb, type TestDb, testBackend } from './helpers/test-db.ts';

let t: TestDb;
beforeAll(async () => {
  t = await createTestDb();
});
afterAll(async () => t.close());
beforeEach(async () => t.reset());

const HEADER = 'EXTERNAL_REFERENCE;SOURCE_ID;TRANSACTION_TYPE;TRANSACTION_AMOUNT;TRANSACTION_CURRENCY;TRANSACTION_DATE;FEE_AMOUNT;SETTLEMENT_NET_AMOUNT;SETTLEMENT_DATE;DESCRIPTION;METADATA';
const plainRow = (n: number, amount = '10.00', at = '2026-11-01T10:00:00.000-03:00') =>
  `REF-${n};${n};SETTLEMENT;${amount};ARS;${at};-1.00;9.00;${at};venta;[{}]`;

/** What is stored after an ingest, and what the ingest answered (its counts, or its error). */
async function snapshot(result: IngestResult | Error) {
  const q = async (text: string) => (await t.deps.conn.pool.query(text)).rows;
  const rows = await q(`select line, natural_key, occurrence, booked_at, external_reference, source_id, transaction_type,
                               transaction_amount::text, transaction_currency, transaction_date, fee_amount::text,
                               settlement_net_amount::text, settlement_date, description, extra
                          from mp_settlement_rows order by line, occurrence`);
  const rejected = await q('select line, code, message, raw from rejected_rows order by line');
  const files = await q('select status, covers_from, covers_to, covered_start, covered_end, number_style, encoding, rows_read, rows_stored, rows_duplicate, rows_rejected from report_files');
  if (result instanceof Error) return { rows, rejected, files, error: result.message };
  const { reportFileId: _id, reader: _reader, ...counts } = result;
  return { rows, rejected, files, counts };
}

/** Ingests the file with the parser, then (on an empty database) with the automatic choice. */
async function bothReaders(content: string) {
  const path = writeTemp(content);
  const days = { from: '2026-11-01', to: '2026-11-01' };
  const parser = await ingestFile(t.deps, { path, reader: 'parser', ...days }).catch((e: Error) => e);
  const expected = await snapshot(parser);
  await t.reset();
  const auto = await ingestFile(t.deps, { path, ...days }).catch((e: Error) => e);
  return { expected, actual: await snapshot(auto), reader: auto instanceof Error ? 'parser' : auto.reader };
}

describe('ingest readers', () => {
  it('reads a plain Mercado Pago file with the fast path and stores what the parser stores', async () => {
    const content = `${HEADER}\n${[1, 2, 3].map((n) => plainRow(n)).join('\n')}\n${plainRow(3)}\n`;
    const { expected, actual, reader } = await bothReaders(content);
    expect(reader).toBe('raw-copy');
    expect(actual).toEqual(expected);
    expect(actual.rows.map((r) => r.occurrence)).toEqual([1, 1, 1, 2]);
  });

  it.each([
    ['a quote in the middle of a field', `${HEADER}\nRE"F;1;SETTLEMENT;10.00;ARS;2026-11-01T10:00:00.000-03:00;-1.00;9.00;2026-11-01T10:00:00.000-03:00;x;[{}]\n${plainRow(2)}\n`],
    ['a quoted field across two lines', `${HEADER}\n${plainRow(1)}\nREF-2;2;SETTLEMENT;10.00;ARS;2026-11-01T10:00:00.000-03:00;-1.00;9.00;2026-11-01T10:00:00.000-03:00;"two\nlines";[{}]\n`],
    ['an ambiguous amount', `${HEADER}\n${plainRow(1, '1.234')}\n${plainRow(2, '10.50')}\n`],
    ['decimal commas', `${HEADER}\n${plainRow(1, '10,50')}\n`],
    ['a timestamp without offset', `${HEADER}\n${plainRow(1, '10.00', '2026-11-01T10:00:00')}\n`],
    ['hour 24', `${HEADER}\n${plainRow(1, '10.00', '2026-11-01T24:00:00.000-03:00')}\n`],
    ['a blank line', `${HEADER}\n${plainRow(1)}\n\n${plainRow(2)}\n`],
    ['a short row', `${HEADER}\n${plainRow(1)}\nREF-2;2\n`],
    ['an id over the length limit', `${HEADER}\n${plainRow(1).replace('REF-1', 'R'.repeat(300))}\n${plainRow(2)}\n`],
    ['a CLP amount with cents', `${HEADER}\n${plainRow(1, '10.50').replace(';ARS;', ';CLP;')}\n${plainRow(2)}\n`],
    ['an empty transaction type', `${HEADER}\n;1;;10.00;ARS;2026-11-01T10:00:00.000-03:00;-1.00;9.00;2026-11-01T10:00:00.000-03:00;x;[{}]\n`],
  ])('hands a file with %s to the parser, with the same result', async (_what, content) => {
    const { expected, actual, reader } = await bothReaders(content);
    expect(reader).toBe('parser');
    expect(actual).toEqual(expected);
  });

  it('trims text cells, keeps unknown columns raw and reads CRLF and a BOM the same way', async () => {
    const content = `\uFEFF${HEADER}\r\n REF-1\u00a0;1;SETTLEMENT;10.00;ARS;2026-11-01T10:00:00Z;-1.00;9.00;2026-11-01T10:00:00.5+00:00; venta ;" [{""k"":1}] "\r\n`;
    const { expected, actual, reader } = await bothReaders(content);
    expect(reader).toBe('raw-copy');
    expect(actual).toEqual(expected);
    expect(actual.rows[0]).toMatchObject({ external_reference: 'REF-1', description: 'venta', extra: { METADATA: ' [{"k":1}] ' } });
  });

  it('skips the rows an earlier file brought, whatever timestamp columns the files carry', async () => {
    const header = `${HEADER};MONEY_RELEASE_DATE`;
    const row = (n: number, day: string) => `${plainRow(n, '10.00', `2026-11-0${day}T10:00:00.000-03:00`)};2026-10-01T00:00:00.000-03:00`;
    const daily = await ingestFile(t.deps, { path: writeTemp(`${header}\n${row(1, '2')}\n${row(2, '2')}\n`), from: '2026-11-02', to: '2026-11-02' });
    const weekly = await ingestFile(t.deps, { path: writeTemp(`${header}\n${row(9, '1')}\n${row(1, '2')}\n${row(2, '2')}\n${row(3, '3')}\n`), from: '2026-11-01', to: '2026-11-07' });
    expect([daily.reader, weekly.reader]).toEqual(['raw-copy', 'raw-copy']);
    expect(weekly).toMatchObject({ rowsRead: 4, rowsStored: 2, rowsDuplicate: 2 });
  });

  it('stores the same rows as the parser for any mix of cells (property)', async () => {
    const cell = {
      amount: fc.constantFrom('10.00', '-0.59', '0', '7', '007', '+5', '5.', '.5', '1e5', 'NaN', '1.234', '12.5', '10,50', ' 3.10', '5.001', '5.000', ''),
      at: fc.constantFrom(
        '2026-11-01T10:00:00.000-03:00',
        '2026-11-01T10:00:00Z',
        '2026-11-01 10:00:00-0300',
        '2026-11-01T10:00:00',
        '2026-11-01T10:00:00.1234567-03:00',
        '2026-11-01T23:59:59.999999+14:00',
        '2026-02-30T10:00:00Z',
        '',
      ),
      text: fc.constantFrom('REF-1', ' REF-1 ', 'Ação', 'Ac\u0327a\u0303o', '', '"q"', 'a"b', 'x;y', 'multi\nline', 'REF-1'),
    };
    const row = fc.record({ ref: cell.text, amount: cell.amount, at: cell.at, settled: cell.at, description: cell.text });
    const quote = (v: string) => (/[;"\n]/.test(v) ? `"${v.replaceAll('"', '""')}"` : v);
    await fc.assert(
      fc.asyncProperty(fc.array(row, { minLength: 1, maxLength: 6 }), async (rows) => {
        await t.reset();
        const lines = rows.map((r, i) => [quote(r.ref), `${i}`, 'SETTLEMENT', r.amount, 'ARS', r.at, '-1.00', '9.00', r.settled, quote(r.description), '[{}]'].join(';'));
        const content = `${HEADER}\n${lines.join('\n')}\n`;
        const { expected, actual } = await bothReaders(content);
        expect(actual).toEqual(expected);
      }),
      { numRuns: testBackend() === 'embedded' ? 10 : 30 },
    );
  });
});
