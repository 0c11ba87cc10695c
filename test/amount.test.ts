import fc from 'fast-check';
import { Decimal } from 'decimal.js';
import { describe, expect, it } from 'vitest';
import { NumberStyleState, parseAmount, parseStrictAmount } from '../src/parse/amount.ts';

const read = (cells: string[], style?: 'dot' | 'comma') => {
  const state = new NumberStyleState(style);
  return cells.map((c) => parseAmount(c, state));
};

describe('parseAmount', () => {
  it('reads MP amounts exactly, keeping precision a float would lose', () => {
    expect(read(['813439.19', '-8.85', '0.00', '12345678901234567.89', '1', '-0.5'])).toEqual([
      { ok: true, value: '813439.19' },
      { ok: true, value: '-8.85' },
      { ok: true, value: '0.00' },
      { ok: true, value: '12345678901234567.89' },
      { ok: true, value: '1' },
      { ok: true, value: '-0.5' },
    ]);
  });

  it('reads a spreadsheet file with decimal commas and grouping', () => {
    expect(read(['150,50', '1.234,56', '-1.234.567,00', '1.234']).map((r) => r.ok && r.value)).toEqual(['150.50', '1234.56', '-1234567.00', '1234']);
  });

  it('rejects a cell that is ambiguous before the file settles its style', () => {
    expect(read(['1.234'])[0]).toMatchObject({ ok: false, code: 'AMOUNT_AMBIGUOUS' });
    expect(read(['1,234'])[0]).toMatchObject({ ok: false, code: 'AMOUNT_AMBIGUOUS' });
    expect(read(['10.50', '1.234'])[1]).toEqual({ ok: true, value: '1.234' });
  });

  it('rejects a cell in the other style once the style is known', () => {
    expect(read(['10.50', '3,25'])[1]).toMatchObject({ ok: false, code: 'AMOUNT_MIXED_STYLE' });
  });

  it('rejects what is not a number instead of reading it as zero', () => {
    for (const cell of ['abc', '1e5', '$ 10', '1.2.3,4,5', '--1', '12-', 'NaN', ' ']) {
      expect(read([cell])[0]).toMatchObject({ ok: false, code: 'AMOUNT_INVALID' });
    }
  });

  it('round-trips any decimal written the way MP writes it (property)', () => {
    fc.assert(
      fc.property(fc.bigInt({ min: -(10n ** 20n), max: 10n ** 20n }), fc.integer({ min: 0, max: 4 }), (units, scale) => {
        const d = new Decimal(units.toString()).div(new Decimal(10).pow(scale));
        const text = d.toFixed(scale);
        const r = read([text], 'dot')[0]!;
        expect(r.ok).toBe(true);
        if (r.ok) expect(new Decimal(r.value).eq(d)).toBe(true);
      }),
    );
  });

  it('reads the same value from the decimal-comma rendering (property)', () => {
    fc.assert(
      fc.property(fc.bigInt({ min: -(10n ** 15n), max: 10n ** 15n }), (cents) => {
        const d = new Decimal(cents.toString()).div(100);
        const comma = d.toFixed(2).replace('.', ',');
        const r = read([comma], 'comma')[0]!;
        expect(r.ok && new Decimal(r.value).eq(d)).toBe(true);
      }),
    );
  });

  it('never throws on garbage and never invents a value (property)', () => {
    fc.assert(
      fc.property(fc.string(), (cell) => {
        const r = read([cell.trim()])[0]!;
        if (r.ok) expect(new Decimal(r.value).isFinite()).toBe(true);
        else expect(r.code).toMatch(/^AMOUNT_/);
      }),
    );
  });
});

describe('parseStrictAmount (internal files)', () => {
  it('accepts only the plain form', () => {
    expect(parseStrictAmount('1234.50')).toBe('1234.50');
    expect(parseStrictAmount('1234')).toBe('1234');
    expect(parseStrictAmount('1.234,50')).toBeUndefined();
    expect(parseStrictAmount('1,5')).toBeUndefined();
  });
});
