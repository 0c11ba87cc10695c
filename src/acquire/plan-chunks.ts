/**
 * What to ask Mercado Pago for. A business date is covered when an ingested report file of the kind
 * (of this account) vouches for the whole day, [D 00:00, D+1 00:00) local; uncovered days are grouped
 * into runs of consecutive days and each run is cut into chunks MP accepts: at most 60 days, and at
 * most 60 × 24 h of UTC time (a chunk crossing a DST change where clocks go back is an hour longer).
 */
import type { Deps } from '../deps.ts';
import type { ReportKind } from '../parse/parse-report.ts';
import { addDays, businessWindow, daysBetween, startOfBusinessDate } from '../util/dates.ts';

export const MAX_CHUNK_DAYS = 60;
const MAX_SPAN_MS = MAX_CHUNK_DAYS * 86_400_000;

export interface Chunk {
  readonly from: string;
  readonly to: string;
  /** UTC bounds [start, end) sent to MP as begin_date / end_date. */
  readonly start: Date;
  readonly end: Date;
  readonly days: number;
}

/** Every business date from..to, inclusive. */
export function datesIn(from: string, to: string): string[] {
  const n = daysBetween(from, to);
  return Array.from({ length: Math.max(0, n) }, (_, i) => addDays(from, i));
}

/** The days of from..to no ingested `kind` file of the account covers. */
export async function uncoveredDays(deps: Deps, kind: ReportKind, from: string, to: string): Promise<string[]> {
  const tz = deps.config.timezone;
  const { start, end } = businessWindow(from, to, tz);
  const files = await deps.conn.db
    .selectFrom('report_files')
    .select(['covered_start', 'covered_end'])
    .where('account_id', '=', deps.account.id)
    .where('kind', '=', kind)
    // A rejected or retracted file covers nothing: its days are asked for again.
    .where('status', '=', 'ingested')
    .where('covered_end', '>', start)
    .where('covered_start', '<', end)
    .execute();
  return datesIn(from, to).filter((day) => {
    const dayStart = startOfBusinessDate(day, tz).getTime();
    const dayEnd = startOfBusinessDate(addDays(day, 1), tz).getTime();
    return !files.some((f) => new Date(f.covered_start).getTime() <= dayStart && new Date(f.covered_end).getTime() >= dayEnd);
  });
}

/** Sorted, distinct days → chunks of consecutive days that MP will accept in one request each. */
export function chunkDays(days: readonly string[], timezone: string, maxDays = MAX_CHUNK_DAYS): Chunk[] {
  const sorted = [...new Set(days)].sort();
  const chunks: Chunk[] = [];
  let i = 0;
  while (i < sorted.length) {
    const from = sorted[i] as string;
    let n = 1;
    // Extend while the next day is the following calendar day and the chunk stays within limits.
    while (i + n < sorted.length && n < maxDays && sorted[i + n] === addDays(from, n)) {
      const { start, end } = businessWindow(from, addDays(from, n), timezone);
      if (end.getTime() - start.getTime() > MAX_SPAN_MS) break;
      n += 1;
    }
    const to = addDays(from, n - 1);
    const { start, end } = businessWindow(from, to, timezone);
    chunks.push({ from, to, start, end, days: n });
    i += n;
  }
  return chunks;
}
