/**
 * The merchant's own CSV files (orders, payments, refunds): our format, so strict. Comma separated,
 * header row (any column order), `.` decimals, ISO 8601 timestamps with offset, ids as text, an empty
 * cell is null.
 */
import type { SiteColumns } from '../ingest/site-check.ts';
import { SITE_IDS } from '../sites.ts';

export type InternalKind = 'orders' | 'payments' | 'refunds';
export const INTERNAL_KINDS: readonly InternalKind[] = ['orders', 'payments', 'refunds'];

export type InternalType = 'id' | 'text' | 'amount' | 'positive_amount' | 'timestamp' | 'currency' | { oneOf: readonly string[] };

export interface InternalColumn {
  readonly name: string;
  readonly type: InternalType;
  readonly required: boolean;
}

export interface InternalFileSpec {
  readonly kind: InternalKind;
  readonly table: 'orders' | 'order_payments' | 'refunds';
  readonly key: string;
  readonly columns: readonly InternalColumn[];
  /** Column that must name an existing order. */
  readonly orderRef?: string;
}

const col = (name: string, type: InternalType, required = true): InternalColumn => ({ name, type, required });

export const INTERNAL_FILES: Readonly<Record<InternalKind, InternalFileSpec>> = {
  orders: {
    kind: 'orders',
    table: 'orders',
    key: 'order_id',
    columns: [
      col('order_id', 'id'),
      col('external_reference', 'id', false),
      col('site', { oneOf: SITE_IDS }),
      col('currency', 'currency'),
      col('amount', 'amount'),
      col('status', { oneOf: ['pending', 'paid', 'cancelled', 'refunded', 'partially_refunded'] }),
      col('created_at', 'timestamp'),
      col('paid_at', 'timestamp', false),
    ],
  },
  payments: {
    kind: 'payments',
    table: 'order_payments',
    key: 'mp_payment_id',
    orderRef: 'order_id',
    columns: [
      col('mp_payment_id', 'id'),
      col('order_id', 'id'),
      col('amount', 'amount'),
      col('currency', 'currency'),
      col('status', 'text'),
      col('approved_at', 'timestamp', false),
    ],
  },
  refunds: {
    kind: 'refunds',
    table: 'refunds',
    key: 'refund_id',
    orderRef: 'order_id',
    columns: [
      col('refund_id', 'id'),
      col('order_id', 'id'),
      col('mp_payment_id', 'id', false),
      col('mp_refund_id', 'id', false),
      col('amount', 'positive_amount'),
      col('currency', 'currency'),
      col('status', { oneOf: ['requested', 'approved', 'rejected'] }),
      col('created_at', 'timestamp'),
    ],
  },
};

/** Where a file's site evidence sits in its staging table: orders name their site; every kind has a currency. */
export function internalSiteColumns(spec: InternalFileSpec): SiteColumns {
  return spec.columns.some((c) => c.name === 'site') ? { site: 'site', currency: 'currency' } : { currency: 'currency' };
}
