/**
 * Aging of open mismatches: how long each has been open, counted in whole business days (merchant
 * timezone) from the day a run first saw it to the report's "as of" day, in the buckets finance asks
 * for. Age counts from first_seen, not from the business date, because that is when someone could
 * first have acted on it.
 */
import { daysBetween } from '../util/dates.ts';

export const AGING_BUCKETS = [
  { label: '0–2 days', min: 0, max: 2 },
  { label: '3–7 days', min: 3, max: 7 },
  { label: '8–30 days', min: 8, max: 30 },
  { label: '>30 days', min: 31, max: Number.POSITIVE_INFINITY },
] as const;
export type AgingLabel = (typeof AGING_BUCKETS)[number]['label'];

const formatters = new Map<string, Intl.DateTimeFormat>();

/**
 * The business date (YYYY-MM-DD) of an instant in `timezone`, like util/dates businessDateOf but with
 * the Intl formatter kept per timezone: building one costs more than formatting thousands of rows.
 */
export function businessDateIn(instant: Date, timezone: string): string {
  let format = formatters.get(timezone);
  if (!format) {
    format = new Intl.DateTimeFormat('en-CA', { timeZone: timezone, year: 'numeric', month: '2-digit', day: '2-digit' });
    formatters.set(timezone, format);
  }
  return format.format(instant);
}

/** Whole days from first seen to as of, both read as business dates in `timezone`; never negative. */
export function ageInDays(firstSeenAt: Date, asOf: Date, timezone: string): number {
  const days = daysBetween(businessDateIn(firstSeenAt, timezone), businessDateIn(asOf, timezone)) - 1;
  return Math.max(0, days);
}

export function agingBucket(ageDays: number): AgingLabel {
  for (const bucket of AGING_BUCKETS) if (ageDays >= bucket.min && ageDays <= bucket.max) return bucket.label;
  return AGING_BUCKETS[0].label;
}

export interface AgingInput {
  readonly ageDays: number;
}

export interface AgingRow {
  readonly bucket: AgingLabel;
  /** Open mismatches of that age. */
  readonly count: number;
  /** Per currency: the money at risk of the orders whose oldest open mismatch has that age (finance/at-risk.ts). */
  readonly atRisk: ReadonlyArray<{ readonly currency: string | null; readonly amount: string }>;
}

/** Every bucket, in order, even empty ones, so the table always has the same four rows. */
export function agingOf(
  mismatches: readonly AgingInput[],
  atRisk: ReadonlyArray<{ readonly bucket: string; readonly currency: string | null; readonly amount: string }> = [],
): AgingRow[] {
  return AGING_BUCKETS.map(({ label }) => ({
    bucket: label,
    count: mismatches.filter((m) => agingBucket(m.ageDays) === label).length,
    atRisk: atRisk
      .filter((r) => r.bucket === label)
      .map((r) => ({ currency: r.currency, amount: r.amount }))
      .sort((a, b) => byCurrency(a.currency, b.currency)),
  }));
}

/** Currencies in alphabetical order, the unknown one (null) last. */
export function byCurrency(a: string | null, b: string | null): number {
  if (a === b) return 0;
  if (a === null) return 1;
  if (b === null) return -1;
  return a < b ? -1 : 1;
}
