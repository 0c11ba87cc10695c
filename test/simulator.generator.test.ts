/**
 * The generator of Mercado Pago data (simulator/generator/): its two money paths write the same text,
 * its CSV writer quotes only what must be quoted, its volume rows keep the row identity, and the
 * simulator's own seed reader reads both sample flavours (without the engine's parser).
 */
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Decimal } from 'decimal.js';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { csvLine, PLAIN, renderTable } from '../simulator/generator/csv.ts';
import { formatAmount, formatCents } from '../simulator/generator/money.ts';
import { seeded } from '../simulator/generator/prng.ts';
import { volumePayment, volumeSettlement, volumeTime } from '../simulator/generator/volume.ts';
import { settlementReportMovements } from '../simulator/seed-from-report.ts';
import { readSeedReport } from '../simulator/seed-report-reader.ts';

describe('generator money', () => {
  it('writes integer cents exactly as the Decimal path writes the same amount', () => {
    fc.assert(
      fc.property(fc.integer({ min: -(2 ** 52), max: 2 ** 52 }), (cents) => {
        const decimal = formatAmount(new Decimal(cents).div(100), 2);
        expect(formatCents(cents)).toBe(decimal);
        expect(formatCents(BigInt(cents))).toBe(decimal);
      }),
    );
  });

  it('never writes -0, and refuses cents that are not whole', () => {
    expect(formatAmount(new Decimal('-0.001'), 2)).toBe('0.00');
    expect(formatCents(-0)).toBe('0.00');
    expect(() => formatCents(1.5)).toThrow(RangeError);
  });
});

describe('generator CSV', () => {
  it('quotes a cell only for the separator, a quote or a line break, unless forced', () => {
    expect(csvLine(['a;b', 'say "hi"', 'plain', 'x,y'], ';')).toBe('"a;b";"say ""hi""";plain;x,y');
    expect(csvLine(['[]', '[]'], ';', (i) => i === 1)).toBe('[];"[]"');
    // Separators that are special inside a character class, and one longer than a character.
    expect(csvLine(['a]b', 'c^', '\\'], ']')).toBe('"a]b"]c^]\\');
    expect(csvLine(['a-b', 'c'], '-')).toBe('"a-b"-c');
    expect(csvLine(['a||b', 'a|b'], '||')).toBe('"a||b"||a|b');
    expect(renderTable(['h'], [['1'], ['2']], { ...PLAIN, crlf: true, bom: true })).toBe('\uFEFFh\r\n1\r\n2\r\n');
  });
});

describe('generator PRNG', () => {
  it('is mulberry32: the same seed gives the same sequence, ints stay in range', () => {
    const a = seeded(7);
    const b = seeded(7);
    for (let i = 0; i < 100; i++) {
      const n = a.int(3, 9);
      expect(n).toBe(b.int(3, 9));
      expect(n).toBeGreaterThanOrEqual(3);
      expect(n).toBeLessThanOrEqual(9);
    }
  });
});

describe('generator volume rows', () => {
  it('keep net = gross + fee and plant about 1% of mismatches', () => {
    let planted = 0;
    for (let i = 0; i < 2000; i++) {
      const p = volumePayment(i);
      if (p.planted) planted++;
      const row = volumeSettlement(i, p, volumeTime(new Date('2026-10-01T03:00:00Z')));
      const net = new Decimal(row.TRANSACTION_AMOUNT ?? '').plus(row.FEE_AMOUNT ?? '');
      expect(new Decimal(row.SETTLEMENT_NET_AMOUNT ?? '').equals(net)).toBe(true);
      expect(row.TRANSACTION_DATE).toBe('2026-10-01T00:00:00.000-03:00');
    }
    expect(planted).toBe(20);
  });
});

describe("the simulator's seed reader", () => {
  it('reads the `;` technical-key file and the `,` BOM CRLF `Label (KEY)` file alike', async () => {
    const mla = await readSeedReport('samples/mla/settlement-2026-11-01.csv');
    const mlb = await readSeedReport('samples/mlb/settlement-2026-11-01.csv');
    for (const rows of [mla, mlb]) {
      expect(rows.length).toBeGreaterThan(40);
      expect(rows[0]?.line).toBe(2);
      expect(rows[0]?.get('TRANSACTION_TYPE')).toBe('SETTLEMENT');
      expect(rows[0]?.get('SETTLEMENT_DATE')).toMatch(/^2026-11-01T\d{2}:\d{2}:\d{2}\.000-03:00$/);
    }
    expect(mlb.some((r) => r.get('STORE_NAME') === 'Loja "Paulista"')).toBe(true);
  });

  it('skips a row whose amount is not a plain decimal, naming the line', async () => {
    const path = join(mkdtempSync(join(tmpdir(), 'seed-reader-')), 'bad.csv');
    writeFileSync(
      path,
      'SOURCE_ID;TRANSACTION_TYPE;TRANSACTION_AMOUNT;TRANSACTION_CURRENCY;SETTLEMENT_DATE\n' +
        '1;SETTLEMENT;10.00;ARS;2026-11-01T10:00:00.000-03:00\n2;SETTLEMENT;1.234,56;ARS;2026-11-01T11:00:00.000-03:00\n',
    );
    const { movements, skipped } = await settlementReportMovements(path, 'ARS');
    expect(movements.map((m) => m.movement.id)).toEqual(['1']);
    expect(skipped).toEqual(["line 3: TRANSACTION_AMOUNT '1.234,56' is not an amount"]);
  });
});
