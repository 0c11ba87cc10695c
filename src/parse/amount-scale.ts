/**
 * An amount may not carry more decimals than its currency has (ARS 2, CLP 0: src/sites.ts), unless the
 * extra digits are zeros (`5.000` is `5.00`): `5.001` ARS is no amount Mercado Pago can move, and is
 * rejected with AMOUNT_SCALE instead of being stored and compared. A row that names several currencies
 * is held to the one with the most decimals, so a cross-currency row is never refused wrongly. The SQL
 * ingest path applies the same rule.
 */
import { currencyDecimals } from '../sites.ts';
import { type Rejection, rejection } from './rejection-codes.ts';
import type { ReportSchema } from './report-schema.ts';

/** The digits past `decimals` of a canonical amount (`-12.3450`) are all zeros. */
export function withinScale(amount: string, decimals: number): boolean {
  const dot = amount.indexOf('.');
  if (dot === -1 || amount.length - dot - 1 <= decimals) return true;
  for (let i = dot + 1 + decimals; i < amount.length; i++) if (amount.charCodeAt(i) !== 48) return false;
  return true;
}

/** Report columns that name a row's currency. */
export const CURRENCY_KEYS: readonly string[] = ['TRANSACTION_CURRENCY', 'SETTLEMENT_CURRENCY', 'CURRENCY'];

interface ScaleLayout {
  readonly amounts: readonly number[];
  readonly currencies: readonly number[];
}

const layouts = new WeakMap<ReportSchema, ScaleLayout>();

function layoutOf(schema: ReportSchema): ScaleLayout {
  let layout = layouts.get(schema);
  if (!layout) {
    const indexes = (keep: (key: string, type: string) => boolean) => schema.fields.flatMap((f, i) => (keep(f.key, f.type) ? [i] : []));
    layout = { amounts: indexes((_, type) => type === 'amount'), currencies: indexes((key) => CURRENCY_KEYS.includes(key)) };
    layouts.set(schema, layout);
  }
  return layout;
}

/** Why a typed report row breaks the scale rule, or undefined. `values` is aligned with schema.fields. */
export function reportRowScaleProblem(schema: ReportSchema, values: readonly (string | null)[], fallbackCurrency: string | undefined): Rejection | undefined {
  const layout = layoutOf(schema);
  let currency: string | undefined;
  let decimals: number | undefined;
  for (const i of layout.currencies) {
    const code = values[i];
    const d = code ? currencyDecimals(code) : undefined;
    if (d !== undefined && (decimals === undefined || d > decimals)) [currency, decimals] = [code!, d];
  }
  if (decimals === undefined && fallbackCurrency) [currency, decimals] = [fallbackCurrency, currencyDecimals(fallbackCurrency)];
  if (decimals === undefined) return undefined;
  for (const i of layout.amounts) {
    const amount = values[i];
    if (amount && !withinScale(amount, decimals)) return rejection('AMOUNT_SCALE', schema.fields[i]!.key, amount, currency!, decimals);
  }
  return undefined;
}
