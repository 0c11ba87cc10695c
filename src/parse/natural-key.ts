/**
 * The natural key of a report row, computed in SQL over the staged rows: the fields that identify one
 * movement, normalised (numbers without trailing zeros, instants as epoch) so the same movement read
 * from a daily and from a weekly file, or from files with other column sets, gets the same key.
 */
import type { ReportSchema } from './report-schema.ts';

const SETTLEMENT_KEY_COLUMNS = [
  'transaction_type',
  'source_id',
  'external_reference',
  'transaction_amount',
  'transaction_currency',
  'transaction_date',
  'settlement_date',
  'settlement_net_amount',
  'fee_amount',
  'description',
];

const RELEASE_KEY_COLUMNS = [
  'record_type',
  'description',
  'source_id',
  'external_reference',
  'booked_at',
  'net_credit_amount',
  'net_debit_amount',
  'gross_amount',
  'balance_amount',
];

export function naturalKeySql(schema: ReportSchema, alias: string): string {
  const types = new Map(schema.fields.map((f) => [f.column, f.type]));
  const columns = schema.kind === 'settlement' ? SETTLEMENT_KEY_COLUMNS : RELEASE_KEY_COLUMNS;
  const parts = columns.map((column) => {
    const ref = `${alias}.${column}`;
    switch (types.get(column)) {
      case 'amount':
        return `coalesce(trim_scale(${ref})::text, '')`;
      case 'timestamp':
        return `coalesce(extract(epoch from ${ref})::text, '')`;
      default:
        return `coalesce(${ref}, '')`;
    }
  });
  return `md5(concat_ws('|', ${parts.join(', ')}))`;
}
