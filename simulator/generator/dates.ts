/**
 * Calendar arithmetic for generated traffic and report ranges: business dates (YYYY-MM-DD) in a
 * seller's timezone and the UTC instants that bound them. The simulator's own copy, so nothing here
 * depends on the engine it is used to test.
 */

const DAY_MS = 86_400_000;

export function addDays(date: string, days: number): string {
  const [y, m, d] = date.split('-').map(Number) as [number, number, number];
  return new Date(Date.UTC(y, m - 1, d + days)).toISOString().slice(0, 10);
}

/** Days from `from` to `to`, inclusive. */
export function daysBetween(from: string, to: string): number {
  return Math.round((Date.parse(`${to}T00:00:00Z`) - Date.parse(`${from}T00:00:00Z`)) / DAY_MS) + 1;
}

export function plusSeconds(instant: Date, seconds: number): Date {
  return new Date(instant.getTime() + seconds * 1000);
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

/** The business date (YYYY-MM-DD) an instant falls on in `timezone`. */
export function businessDateOf(instant: Date, timezone: string): string {
  return new Intl.DateTimeFormat('en-CA', { timeZone: timezone, year: 'numeric', month: '2-digit', day: '2-digit' }).format(instant);
}

/**
 * The first UTC instant of business date `date` in `timezone`: local midnight, or, where a DST change
 * skips midnight (Santiago in September), the first local time that exists on that day.
 */
export function startOfBusinessDate(date: string, timezone: string): Date {
  const naive = Date.parse(`${date}T00:00:00Z`);
  // Offsets a day either side are clear of any transition near this midnight.
  const candidates = [naive - DAY_MS, naive + DAY_MS]
    .map((probe) => naive - offsetMinutes(new Date(probe), timezone) * 60_000)
    .filter((instant) => businessDateOf(new Date(instant), timezone) === date)
    .sort((a, b) => a - b);
  return new Date(candidates[0] ?? naive - offsetMinutes(new Date(naive), timezone) * 60_000);
}

/** UTC bounds [start, end) of the business dates from..to inclusive. */
export function businessWindow(from: string, to: string, timezone: string): { start: Date; end: Date } {
  return { start: startOfBusinessDate(from, timezone), end: startOfBusinessDate(addDays(to, 1), timezone) };
}

/** `-03:00` for -180: the suffix of an offset, kept per offset (a million-row file asks for one). */
const SUFFIXES = new Map<number, string>();

function offsetSuffix(offset: number): string {
  let suffix = SUFFIXES.get(offset);
  if (suffix === undefined) {
    const abs = Math.abs(offset);
    suffix = `${offset < 0 ? '-' : '+'}${String(Math.floor(abs / 60)).padStart(2, '0')}:${String(abs % 60).padStart(2, '0')}`;
    SUFFIXES.set(offset, suffix);
  }
  return suffix;
}

/** `2026-11-03T14:05:00.000-03:00`: an instant at a fixed offset, as MP's report files write it. */
export function atOffset(instant: Date, offset: number): string {
  return new Date(instant.getTime() + offset * 60_000).toISOString().slice(0, 23) + offsetSuffix(offset);
}
