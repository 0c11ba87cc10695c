/**
 * Business dates: a calendar day in the merchant's timezone, written YYYY-MM-DD. A business date D
 * covers the UTC interval [D 00:00 local, D+1 00:00 local). Uses Intl only, so any IANA zone works
 * and DST transitions (Chile, Brazil's past rules) are handled.
 */
import { ReconError } from '../errors.ts';

const DATE_RE = /^(\d{4})-(\d{2})-(\d{2})$/;

export function parseBusinessDate(text: string, flag = 'date'): string {
  const m = DATE_RE.exec(text);
  if (m) {
    const [y, mo, d] = [Number(m[1]), Number(m[2]), Number(m[3])];
    const probe = new Date(Date.UTC(y, mo - 1, d));
    if (probe.getUTCFullYear() === y && probe.getUTCMonth() === mo - 1 && probe.getUTCDate() === d) return text;
  }
  throw new ReconError('BAD_DATE', `${flag}: '${text}' is not a calendar date; write it as YYYY-MM-DD (for example 2026-11-01)`);
}

/** Whether the runtime knows `name` as an IANA timezone (America/Sao_Paulo). */
export function isTimezone(name: string): boolean {
  try {
    new Intl.DateTimeFormat('en-US', { timeZone: name });
    return true;
  } catch {
    return false;
  }
}

export function addDays(date: string, days: number): string {
  const [y, m, d] = date.split('-').map(Number) as [number, number, number];
  return new Date(Date.UTC(y, m - 1, d + days)).toISOString().slice(0, 10);
}

/** Days from `from` to `to`, inclusive. */
export function daysBetween(from: string, to: string): number {
  return Math.round((Date.parse(`${to}T00:00:00Z`) - Date.parse(`${from}T00:00:00Z`)) / 86_400_000) + 1;
}

/** Minutes `timezone` is ahead of UTC at `instant` (negative west of Greenwich). Throws for an unknown zone. */
export function offsetMinutes(instant: Date, timezone: string): number {
  const parts = new Intl.DateTimeFormat('en-US', {
    timeZone: timezone,
    hourCycle: 'h23',
    year: 'numeric',
    month: '2-digit',
    day: '2-digit',
    hour: '2-digit',
    minute: '2-digit',
    second: '2-digit',
  }).formatToParts(instant);
  const get = (type: string) => Number(parts.find((p) => p.type === type)?.value);
  const asUtc = Date.UTC(get('year'), get('month') - 1, get('day'), get('hour'), get('minute'), get('second'));
  return Math.round((asUtc - Math.floor(instant.getTime() / 1000) * 1000) / 60_000);
}

/**
 * The first UTC instant of business date `date` in `timezone`: local midnight, or, where a DST change
 * skips midnight (Santiago in September), the first local time that exists on that day.
 */
export function startOfBusinessDate(date: string, timezone: string): Date {
  const naive = Date.parse(`${date}T00:00:00Z`);
  // Offsets a day either side are clear of any transition near this midnight.
  const candidates = [naive - 86_400_000, naive + 86_400_000]
    .map((probe) => naive - offsetMinutes(new Date(probe), timezone) * 60_000)
    .filter((instant) => businessDateOf(new Date(instant), timezone) === date)
    .sort((a, b) => a - b);
  return new Date(candidates[0] ?? naive - offsetMinutes(new Date(naive), timezone) * 60_000);
}

/** UTC bounds [start, end) of the business dates from..to inclusive. */
export function businessWindow(from: string, to: string, timezone: string): { start: Date; end: Date } {
  return { start: startOfBusinessDate(from, timezone), end: startOfBusinessDate(addDays(to, 1), timezone) };
}

/** The business date (YYYY-MM-DD) an instant falls on in `timezone`. */
export function businessDateOf(instant: Date, timezone: string): string {
  return new Intl.DateTimeFormat('en-CA', { timeZone: timezone, year: 'numeric', month: '2-digit', day: '2-digit' }).format(instant);
}

export function assertRange(from: string, to: string): void {
  if (from > to) throw new ReconError('BAD_DATE_RANGE', `--from ${from} is after --to ${to}; give the earlier date first`);
}
