/**
 * Money read from Mercado Pago's JSON never passes through a float: parseExactJson keeps every number's
 * source text, whatever the strings around it hold; jsonWithNumbers writes a Decimal as an exact JSON
 * number token.
 */
import { Decimal } from 'decimal.js';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { jsonWithNumbers, parseExactJson } from '../src/mp/exact-json.ts';

describe('parseExactJson', () => {
  it('keeps the digits a float would lose', () => {
    expect(parseExactJson('{"transaction_amount": 90071992547409.93, "id": 123456789012345678, "fee": -0.10, "e": 2E+15}')).toEqual({
      transaction_amount: '90071992547409.93',
      id: '123456789012345678',
      fee: '-0.10',
      e: '2E+15',
    });
  });

  it('leaves numbers inside strings alone, escaped quotes included', () => {
    expect(parseExactJson('{"a": "x\\" 12 \\\\", "b": [1, "2", {"c": 3.50}], "d": null, "t": true}')).toEqual({ a: 'x" 12 \\', b: ['1', '2', { c: '3.50' }], d: null, t: true });
  });

  it('turns every number into its own text, for any JSON document', () => {
    fc.assert(
      fc.property(fc.jsonValue(), (value) => {
        const text = JSON.stringify(value);
        const exact = parseExactJson(text);
        const expected = JSON.parse(text, (_k, v: unknown) => (typeof v === 'number' ? JSON.stringify(v) : v));
        expect(exact).toEqual(expected);
      }),
    );
  });

  it('refuses what is not JSON', () => {
    expect(() => parseExactJson('{"a": 01}')).toThrow(SyntaxError);
    expect(() => parseExactJson('{"a": ')).toThrow(SyntaxError);
  });
});

describe('jsonWithNumbers', () => {
  it('writes Decimal amounts as plain number tokens', () => {
    expect(jsonWithNumbers({ reason: 'x' }, { amount: new Decimal('90071992547409.93') })).toBe('{"reason":"x","amount":90071992547409.93}');
    expect(jsonWithNumbers({}, { amount: new Decimal('1e-7') })).toBe('{"amount":0.0000001}');
    expect(parseExactJson(jsonWithNumbers({}, { amount: new Decimal('12.50') }))).toEqual({ amount: '12.5' });
  });
});
