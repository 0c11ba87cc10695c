/**
 * Use case: cancel an unpaid order (MP's QR test case 7: the buyer pays cash instead). At Mercado Pago:
 * - the QR order its POS shows is deleted (DELETE /instore/qr/seller/collectors/{user_id}/pos/{external_pos_id}/orders),
 *   so a scan shows the waiting screen again; user_id comes from GET /users/me, the POS from the order's
 *   open merchant orders (or `posId`);
 * - its pending online payments are cancelled (PUT /v1/payments/{id} {"status":"cancelled"});
 * then the order is marked cancelled. Refused, with what to do instead, when:
 * - the order is not pending, or a payment is approved: that calls for a refund (CANCEL_NOT_ALLOWED);
 * - an in-person payment is pending or in process: MP never cancels those, wait for its outcome
 *   (CANCEL_PAYMENT_IN_PROGRESS); a rejected attempt does not stand in the way;
 * - nothing is open at MP: no QR order, no pending payment (CANCEL_NOTHING_PENDING).
 * The order is deps.account's, and MP is asked with that account's token (deps.mp).
 */
import { ReconError } from '../src/errors.ts';
import type { MpPayment } from '../src/mp/order-types.ts';
import type { OrderSyncDeps } from '../src/orders/apply-mp-state.ts';
import { deriveOrderStatus, type OrderStatus } from '../src/orders/derive-order-status.ts';
import { findOrder, lockOrder, orderTotals, upsertPayment, writeOrderStatus } from '../src/orders/order-store.ts';

export interface CancelOutcome {
  readonly cancelled: readonly string[];
  /** External POS ids whose QR order was deleted. */
  readonly removedFromPos: readonly string[];
  readonly orderStatus: OrderStatus;
}

export interface CancelOptions {
  /** The POS (external_pos_id) showing the order, when its merchant order does not say. */
  readonly posId?: string;
}

const IN_PROGRESS = ['pending', 'in_process', 'authorized'];

export async function cancelOrder(deps: OrderSyncDeps, orderId: string, options: CancelOptions = {}): Promise<CancelOutcome> {
  const order = await findOrder(deps.conn.db, deps.account.id, orderId);
  if (!order) throw new ReconError('ORDER_NOT_FOUND', `order ${orderId} does not exist; check the id`);
  if (order.status !== 'pending') {
    throw new ReconError('CANCEL_NOT_ALLOWED', `order ${orderId} is ${order.status}: only a pending order can be cancelled; to give money back use mp-recon refund ${orderId}`);
  }
  if (!order.external_reference) throw new ReconError('CANCEL_NOTHING_PENDING', `order ${orderId} has no external_reference, so it has nothing at Mercado Pago to cancel`);
  const payments = await deps.mp.payments.searchAll(order.external_reference);
  const approved = payments.find((p) => p.status === 'approved');
  if (approved) {
    throw new ReconError('CANCEL_NOT_ALLOWED', `payment ${approved.id} of order ${orderId} is already approved: a paid order is not cancelled but refunded; run mp-recon refund ${orderId}`);
  }
  const inPersonRunning = payments.find((p) => p.inPerson && IN_PROGRESS.includes(p.status));
  if (inPersonRunning) {
    throw new ReconError(
      'CANCEL_PAYMENT_IN_PROGRESS',
      `in-person payment ${inPersonRunning.id} of order ${orderId} is ${inPersonRunning.status}: Mercado Pago cannot cancel QR/Point payments; wait for its outcome (mp-recon sync --order ${orderId}) and run cancel again if it is rejected`,
    );
  }
  const pending = payments.filter((p) => !p.inPerson && IN_PROGRESS.includes(p.status));
  const posIds = await qrOrdersShown(deps, order.external_reference, options.posId);
  if (pending.length === 0 && posIds.length === 0) {
    throw new ReconError('CANCEL_NOTHING_PENDING', `order ${orderId} has nothing open at Mercado Pago to cancel: no QR order on a POS, no pending payment (${payments.length} payment(s))`);
  }
  if (posIds.length > 0) {
    const me = await deps.mp.users.me();
    for (const posId of posIds) await deps.mp.instoreOrders.deleteQrOrder(me.id, posId);
  }
  const cancelled: MpPayment[] = [];
  for (const p of pending) cancelled.push(await deps.mp.payments.cancel(p.id));
  const orderStatus = await markCancelled(deps, orderId, cancelled);
  deps.log.info({ orderId, cancelled: cancelled.map((p) => p.id), removedFromPos: posIds, status: orderStatus }, 'order cancelled');
  return { cancelled: cancelled.map((p) => p.id), removedFromPos: posIds, orderStatus };
}

/** The POSes whose QR still shows an open merchant order of this reference (or the one given). */
async function qrOrdersShown(deps: OrderSyncDeps, externalReference: string, posId: string | undefined): Promise<string[]> {
  if (posId !== undefined) return [posId];
  const orders = await deps.mp.merchantOrders.searchAll(externalReference);
  const open = orders.filter((o) => o.status === 'opened' && o.externalPosId !== null);
  return [...new Set(open.map((o) => o.externalPosId ?? ''))];
}

async function markCancelled(deps: OrderSyncDeps, orderId: string, cancelled: readonly MpPayment[]): Promise<OrderStatus> {
  return deps.conn.db.transaction().execute(async (trx) => {
    const locked = await lockOrder(trx, deps.account.id, { orderId });
    if (!locked) throw new ReconError('ORDER_NOT_FOUND', `order ${orderId} disappeared`);
    for (const p of cancelled) {
      const facts = { mpPaymentId: p.id, amount: p.amount, refundedAmount: p.refundedAmount, currency: p.currency || locked.currency, status: p.status, approvedAt: p.dateApproved, merchantOrderId: p.merchantOrderId };
      await upsertPayment(trx, locked.accountId, orderId, facts, 'search');
    }
    const totals = await orderTotals(trx, locked.accountId, orderId);
    // Nothing paid and nothing left open at MP: the order is cancelled (money arriving later still wins).
    const derived = deriveOrderStatus({ current: locked.status, amount: locked.amount, paid: totals.paid, refunded: totals.refunded, expiredUnpaid: false });
    const after: OrderStatus = derived === 'pending' && totals.paid.isZero() ? 'cancelled' : derived;
    await writeOrderStatus(trx, locked, after, totals.lastApprovedAt, null);
    return after;
  });
}
