/**
 * Use case: cancel an unpaid order's pending online payments (PUT /v1/payments/{id} {"status":"cancelled"})
 * and mark the order cancelled. Refused, with what to do instead, when:
 * - any payment of the order was made in person (QR or Point): MP never cancels those, it only refunds
 *   them (CANCEL_IN_PERSON);
 * - a payment is already approved, or the order is paid: that calls for a refund (CANCEL_NOT_ALLOWED);
 * - nothing is pending at MP (CANCEL_NOTHING_PENDING).
 */
import { ReconError } from '../src/errors.ts';
import type { MpPayment } from '../src/mp/order-types.ts';
import type { OrderSyncDeps } from '../src/orders/apply-mp-state.ts';
import { deriveOrderStatus, type OrderStatus } from '../src/orders/derive-order-status.ts';
import { lockOrder, orderTotals, upsertPayment, writeOrderStatus } from '../src/orders/order-store.ts';

export interface CancelOutcome {
  readonly cancelled: readonly string[];
  readonly orderStatus: OrderStatus;
}

const CANCELLABLE = ['pending', 'in_process', 'authorized'];

export async function cancelOrder(deps: OrderSyncDeps, orderId: string): Promise<CancelOutcome> {
  const order = await deps.conn.db.selectFrom('orders').select(['order_id', 'external_reference', 'status']).where('order_id', '=', orderId).executeTakeFirst();
  if (!order) throw new ReconError('ORDER_NOT_FOUND', `order ${orderId} does not exist; check the id`);
  if (order.status !== 'pending') {
    throw new ReconError('CANCEL_NOT_ALLOWED', `order ${orderId} is ${order.status}: only a pending order can be cancelled; to give money back use mp-recon refund ${orderId}`);
  }
  if (!order.external_reference) throw new ReconError('CANCEL_NOTHING_PENDING', `order ${orderId} has no external_reference, so it has no Mercado Pago payment to cancel`);
  const payments = await deps.mp.payments.searchAll(order.external_reference);
  const inPerson = payments.find((p) => p.inPerson);
  if (inPerson) {
    throw new ReconError(
      'CANCEL_IN_PERSON',
      `order ${orderId} was paid in person (QR/Point, payment ${inPerson.id}): Mercado Pago cannot cancel in-person payments, they can only be refunded; once it is approved, run mp-recon refund ${orderId}`,
    );
  }
  const approved = payments.find((p) => p.status === 'approved');
  if (approved) {
    throw new ReconError('CANCEL_NOT_ALLOWED', `payment ${approved.id} of order ${orderId} is already approved: cancel only applies to pending payments; refund it with mp-recon refund ${orderId}`);
  }
  const pending = payments.filter((p) => CANCELLABLE.includes(p.status));
  if (pending.length === 0) {
    throw new ReconError('CANCEL_NOTHING_PENDING', `order ${orderId} has no pending payment at Mercado Pago to cancel (${payments.length} payment(s), none pending)`);
  }
  const cancelled: MpPayment[] = [];
  for (const p of pending) cancelled.push(await deps.mp.payments.cancel(p.id));
  const orderStatus = await deps.conn.db.transaction().execute(async (trx) => {
    const locked = await lockOrder(trx, { orderId });
    if (!locked) throw new ReconError('ORDER_NOT_FOUND', `order ${orderId} disappeared`);
    for (const p of cancelled) {
      const facts = { mpPaymentId: p.id, amount: p.amount, refundedAmount: p.refundedAmount, currency: p.currency || locked.currency, status: p.status, approvedAt: p.dateApproved, merchantOrderId: p.merchantOrderId };
      await upsertPayment(trx, orderId, facts, 'search');
    }
    const totals = await orderTotals(trx, orderId);
    // Nothing paid, every pending payment cancelled: the order is cancelled (money arriving later still wins).
    const derived = deriveOrderStatus({ current: locked.status, amount: locked.amount, paid: totals.paid, refunded: totals.refunded, expiredUnpaid: false });
    const after: OrderStatus = derived === 'pending' && totals.paid.isZero() ? 'cancelled' : derived;
    await writeOrderStatus(trx, locked, after, totals.lastApprovedAt, null);
    return after;
  });
  deps.log.info({ orderId, cancelled: cancelled.map((p) => p.id), status: orderStatus }, 'order cancelled');
  return { cancelled: cancelled.map((p) => p.id), orderStatus };
}
