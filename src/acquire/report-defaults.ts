/**
 * The report configuration mp-recon creates when a seller has none: every column the engine stores
 * (report-schema.ts) plus the ones finance asks about, technical-key headers (no report_translation, so
 * headers are the keys the parser matches), MP's default separator and display timezone. Only used to
 * create a missing config: an existing one is never overwritten, since the seller may rely on it for
 * MP's own scheduled e-mails or SFTP drops.
 */
import type { ReportConfig, ReportKind as MpReportKind } from '../mp/report-types.ts';
import type { ReportKind } from '../parse/parse-report.ts';

const SETTLEMENT_COLUMNS = [
  'EXTERNAL_REFERENCE', 'SOURCE_ID', 'USER_ID', 'PAYMENT_METHOD_TYPE', 'PAYMENT_METHOD', 'SITE', 'TRANSACTION_TYPE',
  'TRANSACTION_AMOUNT', 'TRANSACTION_CURRENCY', 'TRANSACTION_DATE', 'FEE_AMOUNT', 'SETTLEMENT_NET_AMOUNT',
  'SETTLEMENT_CURRENCY', 'SETTLEMENT_DATE', 'REAL_AMOUNT', 'COUPON_AMOUNT', 'METADATA', 'MKP_FEE_AMOUNT',
  'FINANCING_FEE_AMOUNT', 'SHIPPING_FEE_AMOUNT', 'TAXES_AMOUNT', 'INSTALLMENTS', 'ORDER_ID', 'SHIPPING_ID',
  'SHIPMENT_MODE', 'PACK_ID', 'MONEY_RELEASE_DATE', 'DESCRIPTION', 'TAXES_DISAGGREGATED', 'POS_ID', 'STORE_ID',
] as const;

const RELEASE_COLUMNS = [
  'DATE', 'SOURCE_ID', 'EXTERNAL_REFERENCE', 'RECORD_TYPE', 'DESCRIPTION', 'NET_CREDIT_AMOUNT', 'NET_DEBIT_AMOUNT',
  'GROSS_AMOUNT', 'MP_FEE_AMOUNT', 'FINANCING_FEE_AMOUNT', 'SHIPPING_FEE_AMOUNT', 'TAXES_AMOUNT', 'COUPON_AMOUNT',
  'BALANCE_AMOUNT', 'INSTALLMENTS', 'PAYMENT_METHOD', 'ORDER_ID', 'PACK_ID', 'METADATA',
  // When the payment was approved (ties a release to its sale) and the row's currency (a seller may hold two).
  'TRANSACTION_APPROVAL_DATE', 'CURRENCY',
] as const;

/** MP's path segment for one of our kinds. */
export function mpKind(kind: ReportKind): MpReportKind {
  return kind === 'settlement' ? 'settlement_report' : 'release_report';
}

export function defaultReportConfig(kind: ReportKind): ReportConfig {
  return {
    columns: (kind === 'settlement' ? SETTLEMENT_COLUMNS : RELEASE_COLUMNS).map((key) => ({ key })),
    file_name_prefix: `mp-recon-${kind}`,
    // Used only if the seller turns MP's own schedule on; mp-recon requests reports itself.
    frequency: { type: 'daily', value: 1, hour: 0 },
    separator: ',',
    display_timezone: 'GMT-04',
  };
}
