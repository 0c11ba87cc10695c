import { describe, expect, it } from 'vitest';
import { parseTimestamp } from '../src/parse/timestamp.ts';
import { businessDateOf, businessWindow, parseBusinessDate } from '../src/util/dates.ts';

describe('parseTimestamp', () => {
  it('keeps the offset MP writes', () => {
    expect(parseTimestamp('2018-04-17T15:07:53.000-04:00')).toEqual({ ok: true, value: '2018-04-17T15:07:53.000-04:00' });
    expect(parseTimestamp('2026-11-01T10:00:00Z')).toEqual({ ok: true, value: '2026-11-01T10:00:00+00:00' });
    expect(parseTimestamp('2026-11-01 10:00:00-0300')).toEqual({ ok: true, value: '2026-11-01T10:00:00-03:00' });
    expect(parseTimestamp('2026-11-01T10:00-03')).toEqual({ ok: true, value: '2026-11-01T10:00:00-03:00' });
  });

  it('rejects a wall time without offset and impossible dates', () => {
    expect(parseTimestamp('2026-11-01T10:00:00')).toMatchObject({ ok: false, code: 'TIMESTAMP_NO_OFFSET' });
    expect(parseTimestamp('2026-02-30T10:00:00Z')).toMatchObject({ ok: false, code: 'TIMESTAMP_INVALID' });
    expect(parseTimestamp('01/11/2026 10:00')).toMatchObject({ ok: false, code: 'TIMESTAMP_INVALID' });
  });
});

describe('business dates', () => {
  it('turns a business date into UTC bounds in the merchant timezone', () => {
    const { start, end } = businessWindow('2026-11-01', '2026-11-07', 'America/Argentina/Buenos_Aires');
    expect(start.toISOString()).toBe('2026-11-01T03:00:00.000Z');
    expect(end.toISOString()).toBe('2026-11-08T03:00:00.000Z');
  });

  it('handles a DST change (Santiago, first Sunday of September)', () => {
    const { start, end } = businessWindow('2026-09-06', '2026-09-06', 'America/Santiago');
    expect(start.toISOString()).toBe('2026-09-06T04:00:00.000Z');
    expect(end.toISOString()).toBe('2026-09-07T03:00:00.000Z');
  });

  it('places an instant on its business date', () => {
    expect(businessDateOf(new Date('2026-11-08T02:59:59Z'), 'America/Sao_Paulo')).toBe('2026-11-07');
  });

  it('rejects dates that do not exist', () => {
    expect(() => parseBusinessDate('2026-02-30')).toThrow(/not a calendar date/);
    expect(() => parseBusinessDate('yesterday')).toThrow(expect.objectContaining({ code: 'BAD_DATE' }));
  });
});
