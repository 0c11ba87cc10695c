/**
 * The days an ingested file vouches for: the declared business dates when the caller knows them (a
 * fetched report asked for those days), else the span of its own rows.
 */
import { ReconError } from '../errors.ts';
import { businessDateOf, businessWindow, startOfBusinessDate } from '../util/dates.ts';
import type { BookedSpan } from './store-staged-rows.ts';

export interface Coverage {
  readonly from: string;
  readonly to: string;
  readonly start: Date;
  readonly end: Date;
}

export function resolveCoverage(span: BookedSpan, declared: { from?: string | undefined; to?: string | undefined }, timezone: string, fileName: string): Coverage {
  if (declared.from && declared.to) {
    const { start, end } = businessWindow(declared.from, declared.to, timezone);
    return { from: declared.from, to: declared.to, start, end };
  }
  if (!span.min || !span.max) {
    throw new ReconError('COVERAGE_UNKNOWN', `${fileName}: the file has no dated rows, so the days it covers cannot be inferred; pass --from and --to`);
  }
  const from = declared.from ?? businessDateOf(span.min, timezone);
  const to = declared.to ?? businessDateOf(span.max, timezone);
  // Inferred coverage ends at the last row seen, not at midnight: a file cut mid-day must not vouch for
  // the rest of that day.
  return { from, to, start: startOfBusinessDate(from, timezone), end: declared.to ? businessWindow(from, to, timezone).end : span.max };
}
