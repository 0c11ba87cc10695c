/**
 * The typed columns mp-recon stores for each report kind. Everything else in a file lands in `extra`.
 * `column` is the table column; `required` columns must be in the header (one of `oneOf` groups).
 */
export type FieldType = 'text' | 'amount' | 'timestamp';

export interface FieldSpec {
  readonly key: string;
  readonly column: string;
  readonly type: FieldType;
  /** A row with this cell empty is rejected. */
  readonly notNull?: boolean;
}

export interface ReportSchema {
  readonly kind: 'settlement' | 'release';
  readonly table: string;
  readonly fields: readonly FieldSpec[];
  /** Each inner list: at least one of these keys must be in the header. */
  readonly requiredKeys: readonly (readonly string[])[];
  /** The key whose presence identifies this kind of report. */
  readonly signatureKey: string;
  /** A row with all of these cells empty is rejected (it cannot be placed on a day). */
  readonly rowNeedsOneOf: readonly string[];
}

const f = (key: string, type: FieldType = 'text', notNull = false): FieldSpec => ({ key, column: key.toLowerCase(), type, notNull });

export const SETTLEMENT_SCHEMA: ReportSchema = {
  kind: 'settlement',
  table: 'mp_settlement_rows',
  signatureKey: 'TRANSACTION_TYPE',
  rowNeedsOneOf: ['SETTLEMENT_DATE', 'TRANSACTION_DATE'],
  requiredKeys: [['SOURCE_ID'], ['TRANSACTION_TYPE'], ['TRANSACTION_AMOUNT'], ['SETTLEMENT_DATE', 'TRANSACTION_DATE']],
  fields: [
    f('EXTERNAL_REFERENCE'),
    f('SOURCE_ID'),
    f('USER_ID'),
    f('SITE'),
    f('TRANSACTION_TYPE', 'text', true),
    f('PAYMENT_METHOD'),
    f('PAYMENT_METHOD_TYPE'),
    f('TRANSACTION_AMOUNT', 'amount', true),
    f('TRANSACTION_CURRENCY'),
    f('TRANSACTION_DATE', 'timestamp'),
    f('FEE_AMOUNT', 'amount'),
    f('SETTLEMENT_NET_AMOUNT', 'amount'),
    f('SETTLEMENT_CURRENCY'),
    f('SETTLEMENT_DATE', 'timestamp'),
    f('REAL_AMOUNT', 'amount'),
    f('COUPON_AMOUNT', 'amount'),
    f('MKP_FEE_AMOUNT', 'amount'),
    f('FINANCING_FEE_AMOUNT', 'amount'),
    f('SHIPPING_FEE_AMOUNT', 'amount'),
    f('TAXES_AMOUNT', 'amount'),
    f('INSTALLMENTS'),
    f('ORDER_ID'),
    f('PACK_ID'),
    f('MONEY_RELEASE_DATE', 'timestamp'),
    f('DESCRIPTION'),
  ],
};

export const RELEASE_SCHEMA: ReportSchema = {
  kind: 'release',
  table: 'mp_release_rows',
  signatureKey: 'RECORD_TYPE',
  rowNeedsOneOf: [],
  requiredKeys: [['RECORD_TYPE'], ['DATE'], ['NET_CREDIT_AMOUNT'], ['NET_DEBIT_AMOUNT']],
  fields: [
    { key: 'DATE', column: 'booked_at', type: 'timestamp' },
    f('SOURCE_ID'),
    f('EXTERNAL_REFERENCE'),
    f('RECORD_TYPE', 'text', true),
    f('DESCRIPTION'),
    f('NET_CREDIT_AMOUNT', 'amount'),
    f('NET_DEBIT_AMOUNT', 'amount'),
    f('GROSS_AMOUNT', 'amount'),
    f('MP_FEE_AMOUNT', 'amount'),
    f('FINANCING_FEE_AMOUNT', 'amount'),
    f('SHIPPING_FEE_AMOUNT', 'amount'),
    f('TAXES_AMOUNT', 'amount'),
    f('COUPON_AMOUNT', 'amount'),
    f('BALANCE_AMOUNT', 'amount'),
    // Migration 0005: matched on by the release reconciliation (src/reconcile/release-kinds.ts).
    f('CURRENCY'),
    { key: 'TRANSACTION_APPROVAL_DATE', column: 'approved_at', type: 'timestamp' },
    f('PAYMENT_METHOD'),
    f('PAYMENT_METHOD_TYPE'),
    f('ORDER_ID'),
    f('REFUND_ID'),
  ],
};

export const REPORT_SCHEMAS = [SETTLEMENT_SCHEMA, RELEASE_SCHEMA] as const;
