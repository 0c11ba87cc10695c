/**
 * Timestamps in report and import files: ISO 8601 with an explicit offset (`Z`, `-03:00`, `-0300`),
 * with or without milliseconds, `T` or a space between date and time. Parsed by hand: csv-parse's
 * cast_date was measured at under 10k rows/s. A timestamp without an offset is rejected rather than
 * guessed, since the same wall time means different instants in different display timezones.
 */
import { type Rejection, rejection } from './rejection-codes.ts';

const TIMESTAMP_RE =
  /^(\d{4})-(\d{2})-(\d{2})[T ](\d{2}):(\d{2})(?::(\d{2})(?:[.,](\d{1,9}))?)?\s*(Z|z|[+-]\d{2}(?::?\d{2})?)$/;

export type TimestampResult = { ok: true; value: string } | ({ ok: false } & Rejection<'TIMESTAMP_INVALID' | 'TIMESTAMP_NO_OFFSET'>);

const DAYS_IN_MONTH = [31, 29, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31];

/** Returns the timestamp as `YYYY-MM-DDTHH:MM:SS.fff±hh:mm`, which Postgres reads as timestamptz. */
export function parseTimestamp(cell: string): TimestampResult {
  const m = TIMESTAMP_RE.exec(cell);
  if (!m) {
    const noOffset = /^\d{4}-\d{2}-\d{2}[T ]\d{2}:\d{2}(:\d{2}(\.\d+)?)?$/.test(cell);
    return { ok: false, ...(noOffset ? rejection('TIMESTAMP_NO_OFFSET', cell) : rejection('TIMESTAMP_INVALID', cell)) };
  }
  const [, y, mo, d, h, mi, s = '00', frac = '', zone = 'Z'] = m as unknown as string[];
  const month = Number(mo);
  const day = Number(d);
  const year = Number(y);
  const leap = year % 4 === 0 && (year % 100 !== 0 || year % 400 === 0);
  const maxDay = month === 2 && !leap ? 28 : (DAYS_IN_MONTH[month - 1] ?? 0);
  if (month < 1 || month > 12 || day < 1 || day > maxDay || Number(h) > 23 || Number(mi) > 59 || Number(s) > 59) {
    return { ok: false, ...rejection('TIMESTAMP_NOT_REAL', cell) };
  }
  let offset = '+00:00';
  if (zone !== 'Z' && zone !== 'z') {
    const digits = zone.replace(':', '');
    offset = `${digits.slice(0, 3)}:${digits.length > 3 ? digits.slice(3) : '00'}`;
    if (Number(digits.slice(1, 3)) > 14 || Number(digits.slice(3) || '0') > 59) {
      return { ok: false, ...rejection('TIMESTAMP_BAD_OFFSET', cell) };
    }
  }
  const millis = frac ? `.${frac.padEnd(3, '0').slice(0, 6)}` : '';
  return { ok: true, value: `${y}-${mo}-${d}T${h}:${mi}:${s}${millis}${offset}` };
}
