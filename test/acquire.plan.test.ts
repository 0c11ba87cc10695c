/**
 * Planning report requests (no database, no HTTP): uncovered days become chunks of consecutive days
 * that Mercado Pago accepts, at most 60 days and at most 60 × 24 h of UTC time, as UTC bounds of
 * business dates in the merchant's timezone.
 */
import { describe, expect, it } from 'vitest';
import { chunkDays, datesIn } from '../src/acquire/plan-chunks.ts';

const span = (c: { start: Date; end: Date }) => (c.end.getTime() - c.start.getTime()) / 3_600_000;

describe('chunkDays', () => {
  it('cuts 90 days into 60 + 30, as UTC bounds of local midnights', () => {
    const chunks = chunkDays(datesIn('2026-01-01', '2026-03-31'), 'America/Argentina/Buenos_Aires');
    expect(chunks.map((c) => [c.from, c.to, c.days, c.start.toISOString(), c.end.toISOString()])).toEqual([
      ['2026-01-01', '2026-03-01', 60, '2026-01-01T03:00:00.000Z', '2026-03-02T03:00:00.000Z'],
      ['2026-03-02', '2026-03-31', 30, '2026-03-02T03:00:00.000Z', '2026-04-01T03:00:00.000Z'],
    ]);
  });

  it('requests only runs of missing days, never across a covered gap', () => {
    const chunks = chunkDays(['2026-05-03', '2026-05-01', '2026-05-02', '2026-05-06', '2026-05-07', '2026-05-02'], 'America/Sao_Paulo');
    expect(chunks.map((c) => [c.from, c.to])).toEqual([
      ['2026-05-01', '2026-05-03'],
      ['2026-05-06', '2026-05-07'],
    ]);
  });

  it('keeps a chunk within 60 × 24 h when it crosses the night Chile turns its clocks back', () => {
    // Santiago leaves summer time in early April: that day lasts 25 hours.
    const chunks = chunkDays(datesIn('2026-03-01', '2026-05-31'), 'America/Santiago');
    expect(chunks.every((c) => span(c) <= 60 * 24)).toBe(true);
    expect(chunks[0]?.days).toBe(59);
    expect(chunks.map((c) => c.days).reduce((a, b) => a + b, 0)).toBe(92);
    // Consecutive chunks meet exactly: nothing is asked twice or missed.
    for (let i = 1; i < chunks.length; i++) expect(chunks[i]?.start.getTime()).toBe(chunks[i - 1]?.end.getTime());
  });

  it('plans nothing for no days', () => {
    expect(chunkDays([], 'America/Mexico_City')).toEqual([]);
  });
});
