/**
 * The rules of payments, refunds and merchant orders in the simulator, shared by the API routes and the
 * QR admin endpoints. Each change lands where MP would show it: the order book (API answers), the
 * ledger (the next settlement and release reports) and the notifier (IPN / Webhooks).
 * - A QR scan opens a merchant order (status opened) for the POS order's external_reference.
 * - A payment attempt (approved or rejected) joins the merchant order; the order closes when its approved
 *   payments reach the total; a rejected attempt leaves it opened. An opened order past its expiry
 *   becomes expired and takes no more payments.
 * - A refund (total or partial) needs an approved payment and at most what is left; a cancellation needs
 *   a pending online payment: in-person (QR/Point) payments are only refunded.
 */
import { Decimal } from 'decimal.js';
import { fail } from './http-io.ts';
import type { SimMerchantOrder, SimPayment, SimPaymentStatus, SimRefund } from './order-book.ts';
import type { AccountState } from './account-state.ts';
import type { SimState } from './state.ts';

export interface ScanInput {
  readonly externalReference: string;
  readonly amount: Decimal;
  readonly posId?: string | null;
  readonly expiresAt?: Date | null;
}

export interface PaymentInput {
  /** The merchant order paid (QR); absent, an online payment opens a merchant order of its own. */
  readonly merchantOrderId?: string;
  readonly externalReference?: string;
  /** Default: what the merchant order still lacks. */
  readonly amount?: Decimal;
  readonly status: Extract<SimPaymentStatus, 'approved' | 'rejected' | 'pending' | 'in_process'>;
  readonly statusDetail?: string;
  /** Default: in person when the merchant order came from a POS. */
  readonly inPerson?: boolean;
  readonly fee?: Decimal;
}

const ZERO = new Decimal(0);
const PAID: readonly SimPaymentStatus[] = ['approved', 'refunded'];

export function openMerchantOrder(state: SimState, acct: AccountState, input: ScanInput): SimMerchantOrder {
  if (input.externalReference === '') fail(400, 'bad_request', 'externalReference is required.');
  checkAmount(acct, input.amount, 'amount');
  const now = state.now();
  const order: SimMerchantOrder = {
    id: String(state.newId()),
    externalReference: input.externalReference,
    totalAmount: input.amount,
    status: 'opened',
    posId: input.posId ?? null,
    createdAt: now,
    lastUpdated: now,
    expiresAt: input.expiresAt ?? null,
    paymentIds: [],
  };
  acct.orders.merchantOrders.set(order.id, order);
  state.notifier.emit(acct.account.userId, 'merchant_order', order.id);
  return order;
}

/** An opened order past its expiry turns expired (and says so once). */
export function refreshExpiry(state: SimState, acct: AccountState, order: SimMerchantOrder): void {
  if (order.status !== 'opened' || !order.expiresAt || state.now() < order.expiresAt) return;
  order.status = 'expired';
  order.lastUpdated = state.now();
  state.notifier.emit(acct.account.userId, 'merchant_order', order.id);
}

export function createPayment(state: SimState, acct: AccountState, input: PaymentInput): SimPayment {
  let order: SimMerchantOrder;
  if (input.merchantOrderId !== undefined) {
    const found = acct.orders.merchantOrders.get(input.merchantOrderId);
    if (!found) return fail(404, 'not_found', `Merchant order ${input.merchantOrderId} not found.`);
    order = found;
    refreshExpiry(state, acct, order);
    if (order.status === 'expired') fail(400, 'order_expired', `Merchant order ${order.id} expired at ${order.expiresAt?.toISOString()}; the QR shows an error.`);
    if (order.status === 'closed') fail(400, 'order_closed', `Merchant order ${order.id} is already paid.`);
    if (order.removedFromPos) fail(400, 'order_not_found', `Merchant order ${order.id} was deleted from its POS; the QR shows the waiting screen.`);
  } else {
    const amount = input.amount ?? fail(400, 'bad_request', 'amount is required for a payment without merchantOrderId.');
    order = openMerchantOrder(state, acct, { externalReference: input.externalReference ?? '', amount });
  }
  const amount = input.amount ?? order.totalAmount.minus(paidAmount(acct, order));
  checkAmount(acct, amount, 'amount');
  const now = state.now();
  const inPerson = input.inPerson ?? order.posId !== null;
  const payment: SimPayment = {
    id: String(state.newId()),
    status: input.status,
    statusDetail: input.statusDetail ?? DETAIL[input.status],
    amount,
    refunded: ZERO,
    fee: input.fee ?? ZERO,
    currency: acct.account.currency,
    externalReference: order.externalReference,
    merchantOrderId: order.id,
    posId: inPerson ? (order.posId ?? 'POS-SIM-1') : null,
    inPerson,
    paymentMethodId: inPerson ? 'account_money' : 'visa',
    paymentTypeId: inPerson ? 'account_money' : 'credit_card',
    createdAt: now,
    approvedAt: input.status === 'approved' ? now : null,
    lastUpdated: now,
    refunds: [],
  };
  if (payment.status === 'approved') bookPayment(state, acct, payment);
  acct.orders.payments.set(payment.id, payment);
  order.paymentIds.push(payment.id);
  order.lastUpdated = now;
  if (paidAmount(acct, order).gte(order.totalAmount)) order.status = 'closed';
  state.notifier.emit(acct.account.userId, 'payment', payment.id, 'payment.created');
  state.notifier.emit(acct.account.userId, 'merchant_order', order.id);
  return payment;
}

export function refundPayment(state: SimState, acct: AccountState, payment: SimPayment, requested: Decimal | undefined, reason: string | null): SimRefund {
  if (payment.status !== 'approved') fail(400, 'invalid_payment_status', `Payment ${payment.id} is ${payment.status}; only approved payments can be refunded.`, [{ code: 4040, description: 'payment not refundable' }]);
  const left = payment.amount.minus(payment.refunded);
  const amount = requested ?? left;
  checkAmount(acct, amount, 'amount');
  // MP: refunds within 180 days of approval; at most 20 refunds per payment (codes are the simulator's).
  if (payment.approvedAt && state.now().getTime() - payment.approvedAt.getTime() > 180 * 86_400_000) {
    fail(400, 'invalid_refund_date', `Payment ${payment.id} was approved more than 180 days ago and can no longer be refunded.`, [{ code: 4042, description: 'refund window expired' }]);
  }
  if (payment.refunds.length >= 20) fail(400, 'max_refunds_reached', `Payment ${payment.id} already has 20 refunds.`, [{ code: 4043, description: 'refund limit reached' }]);
  if (amount.gt(left)) {
    fail(400, 'invalid_refund_amount', `The refund amount ${amount.toFixed()} exceeds what is left of payment ${payment.id} (${left.toFixed()}).`, [{ code: 4041, description: 'amount exceeds refundable' }]);
  }
  const now = state.now();
  const refund: SimRefund = { id: String(state.newId()), paymentId: payment.id, amount, status: 'approved', createdAt: now, reason };
  state.addMovements(acct.account.accessToken, [{ type: 'refund', id: refund.id, paymentId: payment.id, amount: amount.toFixed(), date: now.toISOString() }]);
  payment.refunds.push(refund);
  payment.refunded = payment.refunded.plus(amount);
  const full = payment.refunded.eq(payment.amount);
  payment.status = full ? 'refunded' : 'approved';
  payment.statusDetail = full ? 'refunded' : 'partially_refunded';
  payment.lastUpdated = now;
  state.notifier.emit(acct.account.userId, 'payment', payment.id);
  if (payment.merchantOrderId) state.notifier.emit(acct.account.userId, 'merchant_order', payment.merchantOrderId);
  return refund;
}

export function cancelPayment(state: SimState, acct: AccountState, payment: SimPayment): SimPayment {
  if (payment.inPerson) {
    fail(400, 'invalid_operation', `Payment ${payment.id} was made in person (QR/Point): it cannot be cancelled, only refunded.`, [{ code: 4050, description: 'in-person payments are not cancellable' }]);
  }
  if (!['pending', 'in_process', 'authorized'].includes(payment.status)) {
    fail(400, 'invalid_status', `Payment ${payment.id} is ${payment.status}; only pending, in_process or authorized payments can be cancelled.`, [{ code: 4051, description: 'payment not cancellable' }]);
  }
  payment.status = 'cancelled';
  payment.statusDetail = 'by_collector';
  payment.lastUpdated = state.now();
  state.notifier.emit(acct.account.userId, 'payment', payment.id);
  return payment;
}

export function paidAmount(acct: AccountState, order: SimMerchantOrder): Decimal {
  return acct.orders.paymentsOf(order).filter((p) => PAID.includes(p.status)).reduce((sum, p) => sum.plus(p.amount), ZERO);
}

const DETAIL: Readonly<Record<PaymentInput['status'], string>> = {
  approved: 'accredited',
  rejected: 'cc_rejected_other_reason',
  pending: 'pending_waiting_payment',
  in_process: 'pending_review_manual',
};

/** An approved payment enters the ledger, so it shows up in the settlement and release reports. */
function bookPayment(state: SimState, acct: AccountState, p: SimPayment): void {
  const at = (p.approvedAt ?? state.now()).toISOString();
  state.addMovements(acct.account.accessToken, [
    {
      type: 'payment', id: p.id, externalReference: p.externalReference, orderId: p.merchantOrderId ?? '',
      amount: p.amount.toFixed(), fee: p.fee.toFixed(), approvedAt: at, createdAt: p.createdAt.toISOString(),
      paymentMethod: p.paymentMethodId, paymentMethodType: p.paymentTypeId,
    },
  ]);
}

function checkAmount(acct: AccountState, amount: Decimal, field: string): void {
  if (!amount.isFinite() || amount.lte(0)) fail(400, 'bad_request', `${field} must be above zero.`);
  if (amount.decimalPlaces() > acct.account.decimals) fail(400, 'bad_request', `${field} has more than ${acct.account.decimals} decimals for ${acct.account.currency}.`);
}
