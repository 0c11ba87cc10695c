/**
 * Processing one recorded notification: fetch the resource it names from the API (never the body's
 * word) and apply it to the order (apply-mp-state.ts).
 * - merchant_order → GET /merchant_orders/{id}; an order that expired unpaid is judged with every
 *   merchant order of its external_reference (the buyer may have scanned again);
 * - payment → GET /v1/payments/{id}, then its merchant order when it has one (the order's whole picture),
 *   else the payment alone, matched by external_reference.
 */
import { applyMerchantOrders, applyPayment, type ApplyResult, type OrderSyncDeps } from '../orders/apply-mp-state.ts';
import type { MpMerchantOrder } from '../mp/order-types.ts';

export type ProcessOutcome = { outcome: 'processed'; result: ApplyResult } | { outcome: 'ignored'; note: string };

export async function processNotification(deps: OrderSyncDeps, topic: string, resourceId: string): Promise<ProcessOutcome> {
  if (topic === 'merchant_order') return applyOrder(deps, await deps.mp.merchantOrders.get(resourceId));
  if (topic === 'payment') {
    const payment = await deps.mp.payments.get(resourceId);
    if (payment.merchantOrderId) return applyOrder(deps, await deps.mp.merchantOrders.get(payment.merchantOrderId));
    return { outcome: 'processed', result: await applyPayment(deps, payment, 'notification') };
  }
  return { outcome: 'ignored', note: `topic ${topic} is not one mp-recon processes` };
}

async function applyOrder(deps: OrderSyncDeps, order: MpMerchantOrder): Promise<ProcessOutcome> {
  const reference = order.externalReference;
  if (!reference) return { outcome: 'ignored', note: `merchant order ${order.id} has no external_reference, so it matches no order` };
  const unpaidExpired = order.status === 'expired' && !order.payments.some((p) => p.status === 'approved');
  const all = unpaidExpired ? await deps.mp.merchantOrders.searchAll(reference) : [order];
  return { outcome: 'processed', result: await applyMerchantOrders(deps, reference, all.length > 0 ? all : [order], 'notification') };
}
