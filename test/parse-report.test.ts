import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { openReport, type ParsedRow, type RejectedRow } from '../src/parse/parse-report.ts';
import { SETTLEMENT_SCHEMA } from '../src/parse/report-schema.ts';
import { settlementCsv, writeTemp } from './helpers/fixtures.ts';

async function parse(text: string) {
  const report = await openReport(writeTemp(text));
  const rows: (ParsedRow | RejectedRow)[] = [];
  for await (const r of report.rows) rows.push(r);
  return { report, rows };
}

const col = (row: ParsedRow | RejectedRow | undefined, key: string) =>
  row?.ok ? row.values[SETTLEMENT_SCHEMA.fields.findIndex((f) => f.key === key)] : undefined;

describe('openReport', () => {
  it('reads the official settlement sample (;, technical keys, 2E+15 stays text)', async () => {
    const sample = [
      'EXTERNAL_REFERENCE;SOURCE_ID;USER_ID;PAYMENT_METHOD_TYPE;PAYMENT_METHOD;SITE;TRANSACTION_TYPE;TRANSACTION_AMOUNT;TRANSACTION_CURRENCY;TRANSACTION_DATE;FEE_AMOUNT;SETTLEMENT_NET_AMOUNT;SETTLEMENT_CURRENCY;SETTLEMENT_DATE;REAL_AMOUNT;COUPON_AMOUNT;METADATA;MKP_FEE_AMOUNT;FINANCING_FEE_AMOUNT;SHIPPING_FEE_AMOUNT;TAXES_AMOUNT;INSTALLMENTS;ORDER_ID;SHIPPING_ID;SHIPMENT_MODE;PACK_ID',
      '2112818453;5067634447;123456789;account_money;account_money;MLB;SETTLEMENT;79.00;BRL;2019-08-11T22:20:19.000-04:00;-8.85;70.15;BRL;2019-08-11T22:20:19.000-04:00;70.15;0.00;[{}];-8.85;0.00;0.00;0.00;1;2112818453;28067695419;me1;2E+15',
      '2112784039;5067781790;123456789;credit_card;master;MLB;SETTLEMENT;199.00;BRL;2019-08-11T21:38:18.000-04:00;-22.29;176.71;BRL;2019-08-11T21:38:24.000-04:00;176.71;0.00;[{}];-22.29;0.00;0.00;0.00;1;2112784039;;;',
    ].join('\n');
    const { report, rows } = await parse(sample);
    expect(report.schema.kind).toBe('settlement');
    expect(report.separator).toBe(';');
    expect(rows).toHaveLength(2);
    expect(col(rows[0], 'PACK_ID')).toBe('2E+15');
    expect(col(rows[0], 'TRANSACTION_AMOUNT')).toBe('79.00');
    expect(col(rows[1], 'SETTLEMENT_DATE')).toBe('2019-08-11T21:38:24.000-04:00');
    expect(rows[0]!.ok && rows[0]!.extra).toEqual({ METADATA: '[{}]', SHIPPING_ID: '28067695419', SHIPMENT_MODE: 'me1' });
  });

  it('reads translated `Label (KEY)` headers in any order, with BOM, CRLF and commas', async () => {
    const text =
      '\uFEFFValor da operação (TRANSACTION_AMOUNT),"Tipo de operação (TRANSACTION_TYPE)",ID da operação (SOURCE_ID),Data de liberação (SETTLEMENT_DATE),Referência externa (EXTERNAL_REFERENCE),Loja (STORE_NAME)\r\n' +
      '150.50,SETTLEMENT,00012,2026-11-03T10:00:00.000-03:00,REF-1,"Loja ""Paulista"", térreo"\r\n';
    const { report, rows } = await parse(text);
    expect(report.headerStyle).toBe('labels');
    expect(report.separator).toBe(',');
    expect(col(rows[0], 'SOURCE_ID')).toBe('00012');
    expect(col(rows[0], 'TRANSACTION_AMOUNT')).toBe('150.50');
    expect(rows[0]!.ok && rows[0]!.extra).toEqual({ STORE_NAME: 'Loja "Paulista", térreo' });
  });

  it('reads a decimal-comma file re-saved by a spreadsheet', async () => {
    const text = 'SOURCE_ID;TRANSACTION_TYPE;TRANSACTION_AMOUNT;SETTLEMENT_DATE;FEE_AMOUNT\n1;SETTLEMENT;1.234,56;2026-11-03T10:00:00-03:00;-12,30\n';
    const { report, rows } = await parse(text);
    expect([col(rows[0], 'TRANSACTION_AMOUNT'), col(rows[0], 'FEE_AMOUNT')]).toEqual(['1234.56', '-12.30']);
    expect(report.numberStyle()).toBe('comma');
  });

  it('rejects bad rows with a stable code, line and raw text, and keeps going', async () => {
    const text = settlementCsv([
      { ref: 'A', payment: '1', amount: '10.00', at: '2026-11-03T10:00:00.000-03:00' },
      { ref: 'B', payment: '2', amount: 'ten', net: '0.00', at: '2026-11-03T10:00:00.000-03:00' },
      { ref: 'C', payment: '3', amount: '10.00', at: '2026-11-03 10:00' },
      { ref: 'D', payment: '4', amount: '10.00', at: '2026-11-03T10:00:00.000-03:00' },
    ]) + 'too;few;fields\n';
    const { rows } = await parse(text);
    expect(rows.map((r) => (r.ok ? `ok:${r.line}` : `${r.code}:${r.line}`))).toEqual([
      'ok:2',
      'AMOUNT_INVALID:3',
      'TIMESTAMP_NO_OFFSET:4',
      'ok:5',
      'ROW_COLUMN_COUNT:6',
    ]);
    expect(rows[1]!.ok ? '' : (rows[1] as RejectedRow).raw).toContain(';ten;');
  });

  it('names the missing column and the file', async () => {
    const path = writeTemp('EXTERNAL_REFERENCE;SOURCE_ID;TRANSACTION_TYPE;SETTLEMENT_DATE\n', 'no-amount.csv');
    await expect(openReport(path)).rejects.toMatchObject({ code: 'HEADER_MISSING_COLUMN', message: expect.stringMatching(/no-amount\.csv.*TRANSACTION_AMOUNT/) });
  });

  it('refuses a file that is not a report', async () => {
    await expect(openReport(writeTemp('foo,bar\n1,2\n'))).rejects.toMatchObject({ code: 'HEADER_UNKNOWN_KIND' });
    await expect(openReport(writeTemp(''))).rejects.toMatchObject({ code: 'FILE_EMPTY' });
  });

  it('every generated row either parses back to its values or is rejected with a code (property)', async () => {
    await fc.assert(
      fc.asyncProperty(
        fc.array(
          fc.record({
            ref: fc.string({ unit: fc.constantFrom('A', '0', '-', ';', '"', ' ') }),
            payment: fc.stringMatching(/^[0-9]{1,19}$/),
            cents: fc.bigInt({ min: -(10n ** 12n), max: 10n ** 12n }),
          }),
          { minLength: 1, maxLength: 15 },
        ),
        async (items) => {
          const quote = (v: string) => (/[;"]/.test(v) ? `"${v.replace(/"/g, '""')}"` : v);
          const amount = (c: bigint) => `${c < 0n ? '-' : ''}${(c < 0n ? -c : c) / 100n}.${((c < 0n ? -c : c) % 100n).toString().padStart(2, '0')}`;
          const text = `EXTERNAL_REFERENCE;SOURCE_ID;TRANSACTION_TYPE;TRANSACTION_AMOUNT;SETTLEMENT_DATE\n${items
            .map((i) => `${quote(i.ref)};${i.payment};SETTLEMENT;${amount(i.cents)};2026-11-03T10:00:00.000-03:00`)
            .join('\n')}\n`;
          const { rows } = await parse(text);
          expect(rows).toHaveLength(items.length);
          rows.forEach((row, k) => {
            expect(row.ok).toBe(true);
            expect(col(row, 'SOURCE_ID')).toBe(items[k]!.payment);
            expect(col(row, 'EXTERNAL_REFERENCE')).toBe(items[k]!.ref.trim() === '' ? null : items[k]!.ref.trim());
            expect(BigInt(col(row, 'TRANSACTION_AMOUNT')!.replace('.', ''))).toBe(items[k]!.cents);
          });
        },
      ),
      { numRuns: 60 },
    );
  });
});
