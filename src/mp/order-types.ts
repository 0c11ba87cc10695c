/**
 * Payments, refunds and merchant orders as mp-recon sees them: only the fields order sync, refunds and
 * cancellations use, money as Decimal (read from the exact number text, see exact-json.ts), ids as
 * strings, dates as Date. Read from MP's JSON by read-objects.ts.
 */
import type { Decimal } from 'decimal.js';

/** MP payment statuses (Java SDK doc): pending, approved, authorized, in_process, in_mediation, rejected, cancelled, refunded, charged_back. */
export type MpPaymentStatus = string;

export interface MpRefund {
  readonly id: string;
  readonly paymentId: string;
  /** Positive. */
  readonly amount: Decimal;
  /** approved, in_process, rejected, cancelled, authorized. */
  readonly status: string;
  readonly dateCreated: Date | null;
  readonly reason: string | null;
}

export interface MpPayment {
  readonly id: string;
  readonly status: MpPaymentStatus;
  readonly statusDetail: string | null;
  /** transaction_amount. */
  readonly amount: Decimal;
  /** transaction_amount_refunded (0 when absent). */
  readonly refundedAmount: Decimal;
  readonly currency: string;
  readonly externalReference: string | null;
  /** The merchant order the payment belongs to (`order: {type: "mercadopago", id}`), when MP says. */
  readonly merchantOrderId: string | null;
  readonly posId: string | null;
  readonly pointOfInteractionType: string | null;
  /**
   * Paid in person (QR or Point): a pos_id, or a point_of_interaction of an in-store type. MP does not
   * cancel these, it only refunds them.
   */
  readonly inPerson: boolean;
  readonly dateCreated: Date | null;
  readonly dateApproved: Date | null;
  readonly refunds: readonly MpRefund[];
}

export interface MpMerchantOrderPayment {
  readonly id: string;
  /** transaction_amount. */
  readonly amount: Decimal;
  /** amount_refunded (0 when absent). */
  readonly refundedAmount: Decimal;
  readonly currency: string | null;
  readonly status: MpPaymentStatus;
  readonly statusDetail: string | null;
  readonly dateApproved: Date | null;
}

export interface MpMerchantOrder {
  readonly id: string;
  /** opened | closed (| expired, seen in third-party schemas and in our simulator). */
  readonly status: string;
  readonly orderStatus: string | null;
  readonly externalReference: string | null;
  readonly totalAmount: Decimal;
  readonly paidAmount: Decimal;
  readonly refundedAmount: Decimal;
  readonly payments: readonly MpMerchantOrderPayment[];
  readonly dateCreated: Date | null;
  readonly lastUpdated: Date | null;
  /** The POS whose QR showed it: `external_pos_id` when MP sends it, else `pos_id` (which field MP fills is unconfirmed). */
  readonly externalPosId: string | null;
}

/** One page of GET /merchant_orders/search. */
export interface MpMerchantOrderPage {
  readonly elements: readonly MpMerchantOrder[];
  readonly total: number;
  /** next_offset as MP sent it (null when absent); searchAll decides when paging ends. */
  readonly nextOffset: number | null;
}

/** One page of GET /v1/payments/search. */
export interface MpPaymentPage {
  readonly results: readonly MpPayment[];
  readonly total: number;
  readonly offset: number;
  readonly limit: number;
}
