/**
 * The shapes the generator fills in, the two sites it writes, and the time helpers. Money is always a
 * Decimal (written with two decimals); instants are Date values and only formatted at the edges.
 */
import type { Decimal } from 'decimal.js';
import { atOffset } from '../dates.ts';
import type { Pos } from '../report-lines.ts';

export { plusSeconds } from '../dates.ts';
export type { Pos };

export type OrderStatus = 'pending' | 'paid' | 'cancelled' | 'refunded' | 'partially_refunded';
export type RefundStatus = 'requested' | 'approved' | 'rejected';
export type TxType = 'SETTLEMENT' | 'REFUND' | 'CHARGEBACK' | 'DISPUTE' | 'PAYOUT';
export type MismatchKind =
  | 'payment_missing_internally'
  | 'payment_missing_in_report'
  | 'amount_mismatch'
  | 'duplicate_payment'
  | 'currency_mismatch'
  | 'status_mismatch'
  | 'refund_missing_internally'
  | 'refund_missing_in_report'
  | 'refund_amount_mismatch'
  | 'over_refunded'
  | 'chargeback'
  | 'row_arithmetic';

export interface Order {
  orderId: string;
  externalReference: string;
  currency: string;
  amount: Decimal;
  status: OrderStatus;
  createdAt: Date;
  paidAt: Date | null;
}

export interface Payment {
  mpPaymentId: string;
  orderId: string;
  amount: Decimal;
  currency: string;
  status: string;
  approvedAt: Date;
}

export interface Refund {
  refundId: string;
  orderId: string;
  mpPaymentId: string;
  mpRefundId: string;
  amount: Decimal;
  currency: string;
  status: RefundStatus;
  createdAt: Date;
}

/** How a payment was taken: decides the method columns and the fees MP charges on it. */
export interface Channel {
  methodType: string;
  method: string;
  installments: number;
  /** In-person (QR/Point): the row carries POS and store columns. */
  qr: boolean;
  feeRate: string;
  /** Interest-free installments paid by the seller: part of FEE_AMOUNT, also shown on its own. */
  financingRate?: string;
}

/** One settlement-report row, before it is rendered in a site's flavour. */
export interface Movement {
  externalReference: string;
  sourceId: string;
  type: TxType;
  channel: Channel | null;
  amount: Decimal;
  currency: string;
  transactionDate: Date;
  settlementDate: Date;
  fee: Decimal;
  mkpFee: Decimal;
  financingFee: Decimal;
  taxes: Decimal;
  net: Decimal;
  /** TAXES_DISAGGREGATED, MP's not-quite-JSON text. */
  taxesDetail: string;
  mpOrderId: string;
  shippingId: string;
  shipmentMode: string;
  packId: string;
  pos: Pos | null;
  moneyReleaseDate: Date;
}

export interface ExpectedMismatch {
  kind: MismatchKind;
  external_reference: string | null;
  order_id: string | null;
}

export interface SiteSpec {
  site: 'MLA' | 'MLB';
  dir: 'mla' | 'mlb';
  currency: string;
  seed: number;
  userId: string;
  /** Order ids are this number plus a sequence, written as text. */
  orderBase: number;
  paymentBase: number;
  merchantOrderBase: number;
  refundBase: number;
  payoutId: string;
  /** A payment id above 2^53 (not exactly representable as a JS number); distinct per site. */
  bigPaymentId: string;
  /** How the merchant's own CSV exports write instants: with the local offset or in UTC (`Z`). */
  internalTime: 'offset' | 'utc';
  /** Clean-order amounts, in cents, drawn from this range. */
  centsRange: readonly [number, number];
  channels: readonly Channel[];
  pos: readonly Pos[];
  /** Chance that a clean row carries the debits-and-credits tax (AR only). */
  taxChance: number;
}

// Both sites sit at a fixed -03:00 in November 2026 (Argentina has no DST; Brazil dropped it in 2019),
// so local wall-clock times convert to UTC by adding three hours.
const OFFSET_HOURS = 3;
export const OFFSET = '-03:00';

/** An instant given as local wall-clock time on a day of November 2026. */
export function at(day: number, hour: number, minute: number, second = 0): Date {
  return new Date(Date.UTC(2026, 10, day, hour + OFFSET_HOURS, minute, second));
}

function localIso(instant: Date): string {
  return new Date(instant.getTime() - OFFSET_HOURS * 3_600_000).toISOString().slice(0, 23);
}

/** Report style: `2026-11-03T14:05:00.000-03:00`. */
export function reportTime(instant: Date): string {
  return atOffset(instant, -OFFSET_HOURS * 60);
}

/** Merchant export style: `2026-11-03T14:05:00-03:00` or `2026-11-03T17:05:00Z`. */
export function internalTime(instant: Date | null, style: SiteSpec['internalTime']): string {
  if (!instant) return '';
  if (style === 'utc') return `${instant.toISOString().slice(0, 19)}Z`;
  return `${localIso(instant).slice(0, 19)}${OFFSET}`;
}

/** Local calendar day (YYYY-MM-DD) of an instant: what picks rows for the daily report. */
export function localDay(instant: Date): string {
  return localIso(instant).slice(0, 10);
}
