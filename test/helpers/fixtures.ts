/**
 * Small, readable fixtures: orders, payments, refunds and settlement rows written as the real CSV files
 * and loaded through the real import and ingest paths.
 */
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { importInternal } from '../../jobs/import-internal.ts';
import { ingestFile, type IngestResult } from '../../jobs/ingest-file.ts';
import type { Deps } from '../../src/deps.ts';

const dir = mkdtempSync(join(tmpdir(), 'mp-recon-test-'));
let counter = 0;

export function writeTemp(content: string, name = `file-${++counter}.csv`): string {
  const path = join(dir, `${++counter}-${name}`);
  writeFileSync(path, content);
  return path;
}

export const SETTLEMENT_COLUMNS = [
  'EXTERNAL_REFERENCE', 'SOURCE_ID', 'USER_ID', 'PAYMENT_METHOD_TYPE', 'PAYMENT_METHOD', 'SITE', 'TRANSACTION_TYPE',
  'TRANSACTION_AMOUNT', 'TRANSACTION_CURRENCY', 'TRANSACTION_DATE', 'FEE_AMOUNT', 'SETTLEMENT_NET_AMOUNT',
  'SETTLEMENT_CURRENCY', 'SETTLEMENT_DATE', 'REAL_AMOUNT', 'COUPON_AMOUNT', 'METADATA', 'MKP_FEE_AMOUNT',
  'FINANCING_FEE_AMOUNT', 'SHIPPING_FEE_AMOUNT', 'TAXES_AMOUNT', 'INSTALLMENTS', 'ORDER_ID', 'SHIPPING_ID',
  'SHIPMENT_MODE', 'PACK_ID',
] as const;

export interface SettlementRow {
  ref?: string;
  payment: string;
  type?: string;
  amount: string;
  currency?: string;
  at: string;
  fee?: string;
  taxes?: string;
  /** Net in the file; computed (amount + fee + taxes) when omitted. */
  net?: string;
}

function addDecimals(a: string, b: string): string {
  // Test helper for two-decimal amounts, exact via integer cents.
  const cents = (v: string) => BigInt(v.replace('.', ''));
  const sum = cents(a) + cents(b);
  const sign = sum < 0n ? '-' : '';
  const abs = (sum < 0n ? -sum : sum).toString().padStart(3, '0');
  return `${sign}${abs.slice(0, -2)}.${abs.slice(-2)}`;
}

export function settlementCsv(rows: readonly SettlementRow[], separator = ';'): string {
  const lines = [SETTLEMENT_COLUMNS.join(separator)];
  for (const r of rows) {
    const fee = r.fee ?? '0.00';
    const taxes = r.taxes ?? '0.00';
    const net = r.net ?? addDecimals(addDecimals(r.amount, fee), taxes);
    const currency = r.currency ?? 'ARS';
    const values: Record<string, string> = {
      EXTERNAL_REFERENCE: r.ref ?? '',
      SOURCE_ID: r.payment,
      USER_ID: '123456789',
      PAYMENT_METHOD_TYPE: 'account_money',
      PAYMENT_METHOD: 'account_money',
      SITE: 'MLA',
      TRANSACTION_TYPE: r.type ?? 'SETTLEMENT',
      TRANSACTION_AMOUNT: r.amount,
      TRANSACTION_CURRENCY: currency,
      TRANSACTION_DATE: r.at,
      FEE_AMOUNT: fee,
      SETTLEMENT_NET_AMOUNT: net,
      SETTLEMENT_CURRENCY: currency,
      SETTLEMENT_DATE: r.at,
      REAL_AMOUNT: net,
      COUPON_AMOUNT: '0.00',
      METADATA: '[{}]',
      MKP_FEE_AMOUNT: fee,
      FINANCING_FEE_AMOUNT: '0.00',
      SHIPPING_FEE_AMOUNT: '0.00',
      TAXES_AMOUNT: taxes,
      INSTALLMENTS: '1',
      ORDER_ID: '',
      SHIPPING_ID: '',
      SHIPMENT_MODE: '',
      PACK_ID: '',
    };
    lines.push(SETTLEMENT_COLUMNS.map((c) => values[c]).join(separator));
  }
  return `${lines.join('\n')}\n`;
}

export interface OrderFixture {
  id: string;
  ref?: string | null;
  amount: string;
  status?: string;
  currency?: string;
  /** Default MLA. */
  site?: string;
  created?: string;
  paid?: string | null;
}

export interface PaymentFixture {
  id: string;
  order: string;
  amount: string;
  status?: string;
  at?: string;
  /** Default ARS. */
  currency?: string;
}

export interface RefundFixture {
  id: string;
  order: string;
  payment?: string;
  amount: string;
  status?: string;
  at: string;
}

export function ordersCsv(orders: readonly OrderFixture[]): string {
  const rows = orders.map((o) =>
    [o.id, o.ref === undefined ? `REF-${o.id}` : (o.ref ?? ''), o.site ?? 'MLA', o.currency ?? 'ARS', o.amount, o.status ?? 'paid', o.created ?? o.paid ?? '2026-11-01T00:00:00-03:00', o.paid === undefined ? '2026-11-03T10:00:00-03:00' : (o.paid ?? '')].join(','),
  );
  return `order_id,external_reference,site,currency,amount,status,created_at,paid_at\n${rows.join('\n')}\n`;
}

export function paymentsCsv(payments: readonly PaymentFixture[]): string {
  const rows = payments.map((p) => [p.id, p.order, p.amount, p.currency ?? 'ARS', p.status ?? 'approved', p.at ?? '2026-11-03T10:00:00-03:00'].join(','));
  return `mp_payment_id,order_id,amount,currency,status,approved_at\n${rows.join('\n')}\n`;
}

export function refundsCsv(refunds: readonly RefundFixture[]): string {
  const rows = refunds.map((r) => [r.id, r.order, r.payment ?? '', '', r.amount, 'ARS', r.status ?? 'approved', r.at].join(','));
  return `refund_id,order_id,mp_payment_id,mp_refund_id,amount,currency,status,created_at\n${rows.join('\n')}\n`;
}

export interface Scenario {
  orders?: readonly OrderFixture[];
  payments?: readonly PaymentFixture[];
  refunds?: readonly RefundFixture[];
  /** Each entry: one settlement file with its declared coverage. */
  reports?: readonly { rows: readonly SettlementRow[]; from: string; to: string }[];
}

export async function load(deps: Deps, scenario: Scenario): Promise<IngestResult[]> {
  if (scenario.orders?.length) await importInternal(deps, 'orders', writeTemp(ordersCsv(scenario.orders)));
  if (scenario.payments?.length) await importInternal(deps, 'payments', writeTemp(paymentsCsv(scenario.payments)));
  if (scenario.refunds?.length) await importInternal(deps, 'refunds', writeTemp(refundsCsv(scenario.refunds)));
  const results: IngestResult[] = [];
  for (const report of scenario.reports ?? []) {
    results.push(await ingestFile(deps, { path: writeTemp(settlementCsv(report.rows)), from: report.from, to: report.to }));
  }
  return results;
}
