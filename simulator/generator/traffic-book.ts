/**
 * One seller's traffic as both sides record it, for every traffic scenario (the demo's month, the
 * tests' weeks): Mercado Pago's side as simulator ledger movements (the JSON ledger.ts reads), and the
 * merchant's own orders, payments and refunds as their CSV exports would list them. Scenarios decide
 * what happens and when; the book owns the shapes, the money format and the id formats.
 */
import type { Decimal } from 'decimal.js';
import { formatAmount } from './money.ts';
import type { Site } from './sites.ts';

/** The headers of the merchant's three exports, in the column order of the tables below. */
export const MERCHANT_COLUMNS = {
  orders: ['order_id', 'external_reference', 'site', 'currency', 'amount', 'status', 'created_at', 'paid_at'],
  payments: ['mp_payment_id', 'order_id', 'amount', 'currency', 'status', 'approved_at'],
  refunds: ['refund_id', 'order_id', 'mp_payment_id', 'mp_refund_id', 'amount', 'currency', 'status', 'created_at'],
} as const;

/** A row of the merchant's orders export (instants as ISO text, '' when absent). */
export interface InternalOrder {
  readonly orderId: string;
  readonly externalReference: string;
  readonly currency: string;
  readonly amount: string;
  readonly status: string;
  readonly createdAt: string;
  readonly paidAt: string;
}

export interface InternalPayment {
  readonly paymentId: string;
  readonly orderId: string;
  readonly amount: string;
  readonly currency: string;
  readonly status: string;
  readonly approvedAt: string;
}

export interface InternalRefund {
  readonly refundId: string;
  readonly orderId: string;
  readonly paymentId: string;
  /** MP's refund id when the merchant stored it; '' here (the exports we simulate leave it empty). */
  readonly mpRefundId: string;
  readonly amount: string;
  readonly currency: string;
  readonly status: string;
  readonly createdAt: string;
}

export class TrafficBook {
  /** MP's side: ledger movements, in the order the simulator is to receive them. */
  readonly movements: Record<string, unknown>[] = [];
  readonly orders: InternalOrder[] = [];
  readonly payments: InternalPayment[] = [];
  readonly refunds: InternalRefund[] = [];

  constructor(readonly site: Site) {}

  /** An amount in the site's currency, as both MP's seed JSON and the merchant's exports write it. */
  money(amount: Decimal): string {
    return formatAmount(amount, this.site.decimals);
  }

  mp(...movements: Record<string, unknown>[]): void {
    this.movements.push(...movements);
  }

  refundSeed(paymentId: string, amount: Decimal, date: string, id?: string): Record<string, unknown> {
    return { type: 'refund', ...(id === undefined ? {} : { id }), paymentId, amount: this.money(amount), date };
  }

  order(o: { orderId: string; ref: string; amount: Decimal; status: string; createdAt: string; paidAt: string; currency?: string }): void {
    const { orderId, ref, amount, status, createdAt, paidAt } = o;
    this.orders.push({ orderId, externalReference: ref, currency: o.currency ?? this.site.currency, amount: this.money(amount), status, createdAt, paidAt });
  }

  payment(paymentId: string, orderId: string, amount: Decimal, approvedAt: string): void {
    this.payments.push({ paymentId, orderId, amount: this.money(amount), currency: this.site.currency, status: 'approved', approvedAt });
  }

  refund(refundId: string, orderId: string, paymentId: string, amount: Decimal, createdAt: string): void {
    this.refunds.push({ refundId, orderId, paymentId, mpRefundId: '', amount: this.money(amount), currency: this.site.currency, status: 'approved', createdAt });
  }

  /** The three exports as rows in their CSV columns (orders.csv, payments.csv, refunds.csv). */
  ordersTable(): string[][] {
    return this.orders.map((o) => [o.orderId, o.externalReference, this.site.id, o.currency, o.amount, o.status, o.createdAt, o.paidAt]);
  }

  paymentsTable(): string[][] {
    return this.payments.map((p) => [p.paymentId, p.orderId, p.amount, p.currency, p.status, p.approvedAt]);
  }

  refundsTable(): string[][] {
    return this.refunds.map((r) => [r.refundId, r.orderId, r.paymentId, r.mpRefundId, r.amount, r.currency, r.status, r.createdAt]);
  }
}
