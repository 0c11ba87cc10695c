/**
 * Money as Mercado Pago writes it in report files: `.` decimal point, no grouping, a leading `-`, the
 * currency's decimals, never `-0.00`. Two entry points for one format: Decimal amounts (the ledger, the
 * planted sample cases, generated traffic) and integer minor units (the benchmark's million-row files,
 * where a Decimal per cell would cost more than the row). Amounts are never JS floats.
 */
import { Decimal } from 'decimal.js';

/** `-8.85`, `1500` for 0 decimals; rounded half up to the currency's decimals; never `-0.00`. */
export function formatAmount(value: Decimal, decimals: number): string {
  const fixed = value.toDecimalPlaces(decimals, Decimal.ROUND_HALF_UP);
  return (fixed.isZero() ? new Decimal(0) : fixed).toFixed(decimals);
}

/** The same format from integer cents (2 decimals): `-1234` → `-12.34`; numbers must be safe integers. */
export function formatCents(cents: number | bigint): string {
  if (typeof cents === 'bigint') {
    const abs = cents < 0n ? -cents : cents;
    return `${cents < 0n ? '-' : ''}${abs / 100n}.${(abs % 100n).toString().padStart(2, '0')}`;
  }
  if (cents === 0) return '0.00';
  if (!Number.isSafeInteger(cents)) throw new RangeError(`${cents} is not a whole number of cents`);
  const abs = Math.abs(cents);
  return `${cents < 0 ? '-' : ''}${Math.floor(abs / 100)}.${String(abs % 100).padStart(2, '0')}`;
}

/** `amount × rate` as a positive charge, rounded to the currency's decimals the way the caller's MP flow does. */
export function charge(amount: Decimal, rate: string, decimals: number, rounding: Decimal.Rounding = Decimal.ROUND_HALF_UP): Decimal {
  return amount.times(rate).toDecimalPlaces(decimals, rounding);
}
