/**
 * Money for people, exactly: amounts arrive as Postgres numeric text ("-1234567.50") and are shown with
 * thousands grouped the locale-neutral way (1,234,567.50), keeping every decimal as stored. Never through
 * a JS number, which would turn 12345678901234567.89 into 12345678901234568.
 */
import { Decimal } from 'decimal.js';

const NUMERIC_TEXT = /^(-?)(\d+)(?:\.(\d+))?$/;

/** "1234567.891" → "1,234,567.891"; null → the dash finance reads as "no amount". */
export function formatMoney(text: string | null): string {
  if (text === null) return '—';
  const m = NUMERIC_TEXT.exec(text.trim());
  // Not numeric text (never from numeric columns): shown as it is; the caller escapes it.
  if (!m) return text;
  const [, sign, whole, decimals] = m;
  const grouped = whole!.replace(/\B(?=(\d{3})+(?!\d))/g, ',');
  return `${sign}${grouped}${decimals === undefined ? '' : `.${decimals}`}`;
}

// Additions round to `precision` significant digits: far above any amount Postgres numeric holds in practice.
const Exact = Decimal.clone({ precision: 1000 });

/**
 * Σ of numeric texts with the scale Postgres' sum() gives: the largest scale among the terms, so
 * "1.50" + "2" is "3.50" (and the sum of nothing is "0").
 */
export function sumMoneyText(terms: readonly string[]): string {
  let scale = 0;
  let total = new Exact(0);
  for (const term of terms) {
    const m = NUMERIC_TEXT.exec(term.trim());
    if (!m) throw new Error(`not a numeric amount: '${term}'`);
    scale = Math.max(scale, m[3]?.length ?? 0);
    total = total.plus(term.trim());
  }
  return total.toFixed(scale);
}

/** |x| of numeric text, without arithmetic. */
export function absMoneyText(text: string): string {
  return text.trim().replace(/^-/, '');
}
