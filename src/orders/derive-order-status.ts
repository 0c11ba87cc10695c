/**
 * An order's status from what Mercado Pago says about its money, the one rule every path shares (the
 * receiver, the contingency search, refunds):
 * - approved payments reaching the order amount make it `paid`; refunds then make it
 *   `partially_refunded` or `refunded` (refunds counted against what was paid);
 * - less than the amount (nothing yet, or only rejected attempts) leaves it as it is: `pending` stays
 *   pending, and so does a paid order whose data looks older (we never step back: notifications arrive
 *   out of order, and a stale read must not undo a newer one);
 * - a pending order whose every merchant order expired unpaid becomes `cancelled`; money arriving later
 *   still makes it paid, since MP's money is the truth the reports will show.
 */
import { Decimal } from 'decimal.js';

export const ORDER_STATUSES = ['pending', 'paid', 'cancelled', 'refunded', 'partially_refunded'] as const;
export type OrderStatus = (typeof ORDER_STATUSES)[number];

/** MP payment statuses that mean the money was taken (refunds and disputes come after approval). */
export const PAID_PAYMENT_STATUSES: readonly string[] = ['approved', 'refunded', 'charged_back', 'in_mediation'];

export interface OrderMoney {
  readonly current: OrderStatus;
  readonly amount: Decimal;
  /** Σ approved payments (PAID_PAYMENT_STATUSES). */
  readonly paid: Decimal;
  /** Σ refunded, positive. */
  readonly refunded: Decimal;
  /** Every merchant order of the order expired with nothing paid. */
  readonly expiredUnpaid: boolean;
}

const RANK: Readonly<Record<OrderStatus, number>> = { pending: 0, cancelled: 0, paid: 1, partially_refunded: 2, refunded: 3 };

export function deriveOrderStatus(m: OrderMoney): OrderStatus {
  const fullyPaid = m.paid.gt(0) && m.paid.gte(m.amount);
  if (fullyPaid) {
    const target: OrderStatus = m.refunded.gte(m.paid) ? 'refunded' : m.refunded.gt(0) ? 'partially_refunded' : 'paid';
    return RANK[target] >= RANK[m.current] ? target : m.current;
  }
  if (m.current === 'pending' && m.expiredUnpaid && m.paid.isZero()) return 'cancelled';
  return m.current;
}

export function isOrderStatus(value: string): value is OrderStatus {
  return (ORDER_STATUSES as readonly string[]).includes(value);
}

export const ZERO = new Decimal(0);
