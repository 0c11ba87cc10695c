/**
 * One simulated seller's payments, refunds and merchant orders (the state behind /v1/payments,
 * /v1/payments/{id}/refunds and /merchant_orders), plus the replies kept per X-Idempotency-Key. The
 * rules that change them live in order-flow.ts; the JSON MP would show in order-json.ts.
 */
import type { Decimal } from 'decimal.js';
import type { SimResponse } from './http-io.ts';

export interface SimRefund {
  readonly id: string;
  readonly paymentId: string;
  readonly amount: Decimal;
  readonly status: 'approved';
  readonly createdAt: Date;
  readonly reason: string | null;
}

export type SimPaymentStatus = 'pending' | 'in_process' | 'authorized' | 'approved' | 'rejected' | 'cancelled' | 'refunded';

export interface SimPayment {
  readonly id: string;
  status: SimPaymentStatus;
  statusDetail: string;
  readonly amount: Decimal;
  refunded: Decimal;
  readonly fee: Decimal;
  readonly currency: string;
  readonly externalReference: string;
  readonly merchantOrderId: string | null;
  /** QR and Point payments: MP refunds them but never cancels them. */
  readonly posId: string | null;
  readonly inPerson: boolean;
  readonly paymentMethodId: string;
  readonly paymentTypeId: string;
  readonly createdAt: Date;
  approvedAt: Date | null;
  lastUpdated: Date;
  readonly refunds: SimRefund[];
}

export type SimOrderStatus = 'opened' | 'closed' | 'expired';

export interface SimMerchantOrder {
  readonly id: string;
  readonly externalReference: string;
  readonly totalAmount: Decimal;
  status: SimOrderStatus;
  readonly posId: string | null;
  readonly createdAt: Date;
  lastUpdated: Date;
  /** After this instant an opened order expires (dynamic QR); null: never. */
  readonly expiresAt: Date | null;
  readonly paymentIds: string[];
  /** Deleted from its POS (DELETE /instore/qr/...): a scan shows the waiting screen, no payment can start. */
  removedFromPos?: boolean;
}

/** What a refund POST answered, kept so the same X-Idempotency-Key replays it. */
export interface IdempotentReply {
  /** Payment and requested amount: the same key with another request is a conflict. */
  readonly fingerprint: string;
  readonly response: SimResponse;
}

export class OrderBook {
  readonly payments = new Map<string, SimPayment>();
  readonly merchantOrders = new Map<string, SimMerchantOrder>();
  readonly replies = new Map<string, IdempotentReply>();

  paymentsOf(order: SimMerchantOrder): SimPayment[] {
    return order.paymentIds.map((id) => this.payments.get(id)).filter((p): p is SimPayment => p !== undefined);
  }

  ordersByReference(externalReference: string): SimMerchantOrder[] {
    return [...this.merchantOrders.values()].filter((o) => o.externalReference === externalReference);
  }
}
