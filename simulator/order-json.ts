/**
 * Payments, refunds and merchant orders as Mercado Pago's API shows them (§5, §6): ids and amounts are
 * JSON numbers (written exactly, see exact-json-out.ts), dates ISO-8601 with an offset, the fields
 * mp-recon reads plus enough of the rest to look like the real thing.
 */
import { Decimal } from 'decimal.js';
import { num } from './exact-json-out.ts';
import type { SimMerchantOrder, SimPayment, SimRefund } from './order-book.ts';
import { paidAmount } from './order-flow.ts';
import { releaseDateFor } from './release-schedule.ts';
import type { AccountState } from './account-state.ts';

const ZERO = new Decimal(0);

function id(value: string) {
  return /^\d+$/.test(value) ? num(new Decimal(value)) : value;
}

function iso(at: Date | null): string | null {
  return at ? at.toISOString().replace('Z', '+00:00') : null;
}

export function refundJson(acct: AccountState, r: SimRefund): Record<string, unknown> {
  return {
    id: id(r.id),
    payment_id: id(r.paymentId),
    amount: num(r.amount),
    metadata: {},
    source: { id: String(acct.account.userId), name: 'seller', type: 'collector' },
    date_created: iso(r.createdAt),
    unique_sequence_number: null,
    refund_mode: 'standard',
    adjustment_amount: num(ZERO),
    status: r.status,
    reason: r.reason,
    labels: [],
    amount_refunded_to_payer: num(r.amount),
    partition_details: [],
  };
}

export function paymentJson(acct: AccountState, p: SimPayment): Record<string, unknown> {
  return {
    id: id(p.id),
    date_created: iso(p.createdAt),
    date_approved: iso(p.approvedAt),
    date_last_updated: iso(p.lastUpdated),
    money_release_date: iso(p.approvedAt && releaseDateFor(p.paymentTypeId, p.approvedAt)),
    operation_type: 'regular_payment',
    payment_method_id: p.paymentMethodId,
    payment_type_id: p.paymentTypeId,
    status: p.status,
    status_detail: p.statusDetail,
    currency_id: p.currency,
    collector_id: acct.account.userId,
    external_reference: p.externalReference,
    transaction_amount: num(p.amount),
    transaction_amount_refunded: num(p.refunded),
    transaction_details: { net_received_amount: num(p.amount.minus(p.fee)), total_paid_amount: num(p.amount), installment_amount: num(p.amount) },
    fee_details: p.fee.isZero() ? [] : [{ type: 'mercadopago_fee', amount: num(p.fee), fee_payer: 'collector' }],
    order: p.merchantOrderId ? { type: 'mercadopago', id: id(p.merchantOrderId) } : {},
    pos_id: p.posId,
    store_id: null,
    point_of_interaction: { type: p.inPerson ? 'INSTORE' : 'UNSPECIFIED' },
    refunds: p.refunds.map((r) => refundJson(acct, r)),
  };
}

export function merchantOrderJson(acct: AccountState, mo: SimMerchantOrder): Record<string, unknown> {
  const payments = acct.orders.paymentsOf(mo);
  const paid = paidAmount(acct, mo);
  const refunded = payments.reduce((sum, p) => sum.plus(p.refunded), ZERO);
  return {
    id: id(mo.id),
    status: mo.status,
    external_reference: mo.externalReference,
    preference_id: null,
    payments: payments.map((p) => ({
      id: id(p.id),
      transaction_amount: num(p.amount),
      total_paid_amount: num(p.amount),
      shipping_cost: num(ZERO),
      currency_id: p.currency,
      status: p.status,
      // As MP's merchant-order reference names it; payments themselves say status_detail.
      status_details: p.statusDetail,
      operation_type: 'regular_payment',
      date_approved: iso(p.approvedAt),
      date_created: iso(p.createdAt),
      last_modified: iso(p.lastUpdated),
      amount_refunded: num(p.refunded),
    })),
    shipments: [],
    payouts: [],
    collector: { id: acct.account.userId },
    marketplace: 'NONE',
    notification_url: null,
    date_created: iso(mo.createdAt),
    last_updated: iso(mo.lastUpdated),
    sponsor_id: null,
    shipping_cost: num(ZERO),
    total_amount: num(mo.totalAmount),
    site_id: acct.account.siteId,
    paid_amount: num(paid),
    refunded_amount: num(refunded),
    payer: null,
    items: [],
    cancelled: false,
    is_test: false,
    pos_id: mo.posId,
    order_status: orderStatus(mo, paid, refunded),
  };
}

function orderStatus(mo: SimMerchantOrder, paid: Decimal, refunded: Decimal): string {
  if (mo.status === 'expired') return 'expired';
  if (refunded.gt(0)) return refunded.gte(paid) ? 'reverted' : 'partially_reverted';
  if (paid.gte(mo.totalAmount)) return 'paid';
  return paid.gt(0) ? 'partially_paid' : 'payment_required';
}
