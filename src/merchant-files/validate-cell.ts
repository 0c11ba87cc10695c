/** Checks one cell of an internal file against its column type; returns the stored value or a message. */
import { parseStrictAmount } from '../parse/amount.ts';
import { withinScale } from '../parse/amount-scale.ts';
import { ID_MAX_CHARS } from '../parse/field-limits.ts';
import { rejection, withCode } from '../parse/rejection-codes.ts';
import { currencyDecimals } from '../sites.ts';
import { parseTimestamp } from '../parse/timestamp.ts';
import type { InternalColumn } from './internal-files.ts';

export type CellResult = { ok: true; value: string | null } | { ok: false; message: string };

export function validateCell(column: InternalColumn, raw: string | undefined): CellResult {
  const cell = (raw ?? '').trim();
  if (cell === '') {
    return column.required ? { ok: false, message: `${column.name} is empty` } : { ok: true, value: null };
  }
  const type = column.type;
  if (typeof type === 'object') {
    return type.oneOf.includes(cell) ? { ok: true, value: cell } : { ok: false, message: `${column.name} '${cell}' must be one of ${type.oneOf.join(', ')}` };
  }
  switch (type) {
    case 'id':
    case 'text':
      // Ids, references and statuses are all indexed or compared: one limit (src/parse/field-limits.ts).
      if (cell.length > ID_MAX_CHARS) return { ok: false, message: withCode(rejection('FIELD_TOO_LONG', column.name, cell.length, ID_MAX_CHARS)) };
      return { ok: true, value: cell };
    case 'currency':
      return /^[A-Z]{3}$/.test(cell) ? { ok: true, value: cell } : { ok: false, message: `${column.name} '${cell}' is not an ISO currency code like ARS` };
    case 'amount':
    case 'positive_amount': {
      const value = parseStrictAmount(cell);
      if (value === undefined) return { ok: false, message: `${column.name} '${cell}' is not an amount like 1234.50 (use '.' for decimals, no grouping)` };
      if (value.startsWith('-') || (type === 'positive_amount' && !/[1-9]/.test(value))) {
        return { ok: false, message: `${column.name} '${cell}' must be ${type === 'positive_amount' ? 'greater than zero' : 'zero or more'}` };
      }
      return { ok: true, value };
    }
    case 'timestamp': {
      const ts = parseTimestamp(cell);
      return ts.ok ? { ok: true, value: ts.value } : { ok: false, message: `${column.name}: ${ts.message}` };
    }
  }
}

/**
 * The row-level amount rule (src/parse/amount-scale.ts): an amount with more decimals than the row's
 * currency has, other than zeros. `values` is aligned with `columns`.
 */
export function rowScaleMessage(columns: readonly InternalColumn[], values: readonly (string | null)[]): string | undefined {
  const currency = values[columns.findIndex((c) => c.type === 'currency')];
  const decimals = currency ? currencyDecimals(currency) : undefined;
  if (decimals === undefined) return undefined;
  for (let i = 0; i < columns.length; i++) {
    const type = columns[i]!.type;
    const value = values[i];
    if ((type === 'amount' || type === 'positive_amount') && value && !withinScale(value, decimals)) {
      return withCode(rejection('AMOUNT_SCALE', columns[i]!.name, value, currency!, decimals));
    }
  }
  return undefined;
}
