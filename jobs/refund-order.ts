/**
 * Use case: refund an order, totally (no amount) or partially, through POST /v1/payments/{id}/refunds.
 * 1. Refunds of this order left `requested` by an earlier run (MP's answer never arrived) are resumed
 *    first, with their stored X-Idempotency-Key: MP replays its first answer, so nothing is refunded twice.
 *    A run that resumes does nothing else; run again for a new refund.
 * 2. Otherwise the order's approved payments are read fresh from MP and MP's refund rules are checked
 *    (src/orders/refund-rules.ts: remainder, 180-day window, refunds per payment, site amounts); the
 *    amount is split over the payments (oldest first), one refund each. `dryRun` stops here and returns
 *    the plan; a refund of the whole remainder asks `confirm` first (the CLI asks on a TTY). The plan is
 *    stored `requested` before any call. All of an untouched payment goes as MP's total refund (`{}`).
 * 3. Each refund is sent; MP's answer makes it approved or rejected; the order becomes partially_refunded
 *    or refunded. An answer that never comes leaves it requested and fails with REFUND_UNCERTAIN.
 * The order is deps.account's, and MP is asked with that account's token (deps.mp).
 */
import type { Decimal } from 'decimal.js';
import { ReconError } from '../src/errors.ts';
import { MpApiError } from '../src/mp/errors.ts';
import type { OrderSyncDeps } from '../src/orders/apply-mp-state.ts';
import { deriveOrderStatus, type OrderStatus } from '../src/orders/derive-order-status.ts';
import { findOrder, lockOrder, orderTotals, refundStatusOf, upsertPayment, writeOrderStatus } from '../src/orders/order-store.ts';
import { allocate, insertPlanned, markAnswered, markRejected, markUncertain, type PendingRefund, pendingRefunds } from '../src/orders/refund-store.ts';
import { checkAmount, checkWant, refundPicture } from '../src/orders/refund-rules.ts';

export interface RefundRequest {
  readonly orderId: string;
  /** Omitted: everything that remains refundable. */
  readonly amount?: Decimal;
  readonly reason?: string;
  /** Check and plan only: nothing is stored and MP's refund endpoint is not called. */
  readonly dryRun?: boolean;
  /** Asked before a refund of everything that remains; false refuses with REFUND_NOT_CONFIRMED. */
  readonly confirm?: (plan: RefundPlan) => Promise<boolean>;
}

export interface RefundPlan {
  readonly orderId: string;
  readonly currency: string;
  readonly amount: string;
  /** What remained refundable before this refund. */
  readonly remaining: string;
  /** The refund takes everything that remains. */
  readonly wholeRemainder: boolean;
  readonly refunds: readonly { readonly mpPaymentId: string; readonly amount: string; readonly total: boolean }[];
}

export interface RefundDone {
  readonly refundId: string;
  readonly mpPaymentId: string;
  readonly mpRefundId: string;
  readonly amount: string;
  readonly status: 'requested' | 'approved' | 'rejected';
}

export interface RefundOutcome {
  /** True when this run only finished refunds an earlier run had left unconfirmed. */
  readonly resumed: boolean;
  /** Set for a dry run (then refunds is empty and nothing changed). */
  readonly plan?: RefundPlan;
  readonly refunds: readonly RefundDone[];
  readonly orderStatus: OrderStatus;
}

/** Definite answers: MP looked at the request and said no, so the refund did not happen. */
const REJECTIONS = new Set(['MP_BAD_REQUEST', 'MP_CONFLICT', 'MP_FORBIDDEN', 'MP_NOT_FOUND']);

export async function refundOrder(deps: OrderSyncDeps, request: RefundRequest): Promise<RefundOutcome> {
  const account = deps.account.id;
  const order = await findOrder(deps.conn.db, account, request.orderId);
  if (!order) throw new ReconError('ORDER_NOT_FOUND', `order ${request.orderId} does not exist; check the id`);
  const resumable = await pendingRefunds(deps.conn.db, account, order.order_id);
  if (resumable.length > 0) {
    deps.log.info({ orderId: order.order_id, refunds: resumable.map((r) => r.refundId) }, 'resuming unconfirmed refunds');
    return { resumed: true, refunds: await send(deps, resumable), orderStatus: await settleStatus(deps, order.order_id) };
  }
  if (!order.external_reference) throw new ReconError('ORDER_NOT_PAID', `order ${order.order_id} has no external_reference, so its Mercado Pago payments cannot be found`);

  if (request.amount !== undefined) checkAmount(deps.config.site, request.amount);
  const found = await deps.mp.payments.searchAll(order.external_reference);
  const picture = refundPicture(found, deps.now());
  if (picture.payments.length === 0) throw new ReconError('ORDER_NOT_PAID', `order ${order.order_id} has no approved payment at Mercado Pago, so there is nothing to refund`);
  const want = request.amount ?? picture.remaining;
  checkWant(order.order_id, deps.config.site, picture, want);
  const split = allocate(want, picture.payments);
  const plan: RefundPlan = {
    orderId: order.order_id,
    currency: order.currency,
    amount: want.toFixed(),
    remaining: picture.remaining.toFixed(),
    wholeRemainder: want.eq(picture.remaining),
    refunds: split.map((r) => ({ mpPaymentId: r.mpPaymentId, amount: r.amount.toFixed(), total: r.whole === true })),
  };
  if (request.dryRun) return { resumed: false, plan, refunds: [], orderStatus: await currentStatus(deps, order.order_id) };
  if (plan.wholeRemainder && request.confirm && !(await request.confirm(plan))) {
    throw new ReconError('REFUND_NOT_CONFIRMED', `refund of order ${order.order_id} not confirmed; nothing was refunded (pass --yes to skip the question)`);
  }
  const planned = await deps.conn.db.transaction().execute(async (trx) => {
    const locked = await lockOrder(trx, account, { orderId: order.order_id });
    if (!locked) throw new ReconError('ORDER_NOT_FOUND', `order ${order.order_id} disappeared while planning the refund`);
    if ((await pendingRefunds(trx, account, order.order_id)).length > 0) {
      throw new ReconError('REFUND_UNCERTAIN', `another refund of order ${order.order_id} started meanwhile; run the command again once it is done`);
    }
    // What MP just said about the payments is the freshest picture: keep it (the status below reads it).
    for (const p of found) {
      const facts = { mpPaymentId: p.id, amount: p.amount, refundedAmount: p.refundedAmount, currency: p.currency || locked.currency, status: p.status, approvedAt: p.dateApproved, merchantOrderId: p.merchantOrderId };
      await upsertPayment(trx, account, locked.orderId, facts, 'search');
    }
    return insertPlanned(trx, account, { orderId: order.order_id, currency: locked.currency }, split, request.reason ?? null, deps.now());
  });
  return { resumed: false, refunds: await send(deps, planned), orderStatus: await settleStatus(deps, order.order_id) };
}

async function send(deps: OrderSyncDeps, refunds: readonly PendingRefund[]): Promise<RefundDone[]> {
  const done: RefundDone[] = [];
  for (const r of refunds) {
    try {
      // MP documents an empty body as the total refund of the payment.
      const answer = await deps.mp.refunds.create(r.mpPaymentId, { ...(r.whole ? {} : { amount: r.amount }), idempotencyKey: r.idempotencyKey });
      const status = refundStatusOf(answer.status);
      await markAnswered(deps.conn.db, deps.account.id, r.refundId, answer.id, status);
      done.push({ refundId: r.refundId, mpPaymentId: r.mpPaymentId, mpRefundId: answer.id, amount: r.amount.toFixed(), status });
      deps.log.info({ refundId: r.refundId, mpRefundId: answer.id, status }, 'refund answered');
    } catch (err) {
      if (!(err instanceof MpApiError)) throw err;
      if (REJECTIONS.has(err.code)) {
        await markRejected(deps.conn.db, deps.account.id, r.refundId, err.message);
        throw new ReconError('REFUND_REJECTED', `Mercado Pago refused refund ${r.refundId} of ${r.amount.toFixed()} on payment ${r.mpPaymentId}: ${err.mpError?.message ?? err.message}`, { cause: err });
      }
      await markUncertain(deps.conn.db, deps.account.id, r.refundId, err.message);
      throw new ReconError(
        'REFUND_UNCERTAIN',
        `refund ${r.refundId} of ${r.amount.toFixed()} on payment ${r.mpPaymentId} was sent but Mercado Pago did not confirm it (${err.code}). ` +
          'Run the same command again: it resumes this refund with the same idempotency key, so Mercado Pago refunds it at most once.',
        { cause: err },
      );
    }
  }
  return done;
}

async function currentStatus(deps: OrderSyncDeps, orderId: string): Promise<OrderStatus> {
  const row = await findOrder(deps.conn.db, deps.account.id, orderId);
  if (!row) throw new ReconError('ORDER_NOT_FOUND', `order ${orderId} disappeared`);
  return row.status;
}

/** The order's status after its refunds: partially_refunded or refunded. */
async function settleStatus(deps: OrderSyncDeps, orderId: string): Promise<OrderStatus> {
  return deps.conn.db.transaction().execute(async (trx) => {
    const order = await lockOrder(trx, deps.account.id, { orderId });
    if (!order) throw new ReconError('ORDER_NOT_FOUND', `order ${orderId} disappeared`);
    const totals = await orderTotals(trx, order.accountId, orderId);
    const after = deriveOrderStatus({ current: order.status, amount: order.amount, paid: totals.paid, refunded: totals.refunded, expiredUnpaid: false });
    if (after !== order.status) await writeOrderStatus(trx, order, after, totals.lastApprovedAt, null);
    return after;
  });
}
