/**
 * Brings one order in step with what Mercado Pago says, whichever way we learned it (a notification, the
 * contingency search): upsert the payments of its merchant orders, record refunds MP knows of, and set
 * the order status by deriveOrderStatus. Idempotent: applying the same or an older picture again changes
 * nothing, so duplicate and out-of-order deliveries converge. Refund details need GET /v1/payments/{id};
 * those calls happen before the transaction, which then holds the order row locked for a few statements.
 * Everything happens in deps.account's books, with its token: a reference another account also uses is
 * never matched.
 */
import { Decimal } from 'decimal.js';
import type { Deps } from '../deps.ts';
import { ReconError } from '../errors.ts';
import type { MpClient } from '../mp/client.ts';
import { mpClientFromConfig } from '../mp/client-from-config.ts';
import type { MpMerchantOrder, MpPayment } from '../mp/order-types.ts';
import { deriveOrderStatus, type OrderStatus } from './derive-order-status.ts';
import { lockOrder, orderTotals, type PaymentFacts, recordedRefunds, recordMpRefunds, upsertPayment, writeOrderStatus } from './order-store.ts';

export interface OrderSyncDeps extends Deps {
  /** Speaks for deps.account: built from its token. */
  readonly mp: MpClient;
}

/** How an account's Mercado Pago client is made (tests point it at the simulator). */
export type MpClientFor = (deps: Deps) => MpClient;

/** The account's client from its own config: its token, or MP_TOKEN_MISSING saying where to put it. */
export const accountMpClient: MpClientFor = (deps) => mpClientFromConfig(deps.config, deps.log);

export type SyncSource = 'notification' | 'search';

export interface ApplyResult {
  readonly orderId: string;
  readonly before: OrderStatus;
  readonly after: OrderStatus;
  readonly payments: number;
  readonly refundsAdded: number;
}

/** `orders`: the merchant orders of one external_reference (one from a notification, all from a search). */
export async function applyMerchantOrders(deps: OrderSyncDeps, externalReference: string, orders: readonly MpMerchantOrder[], source: SyncSource): Promise<ApplyResult> {
  const facts: PaymentFacts[] = orders.flatMap((mo) =>
    mo.payments.map((p) => ({
      mpPaymentId: p.id,
      amount: p.amount,
      refundedAmount: p.refundedAmount,
      currency: p.currency ?? '',
      status: p.status,
      approvedAt: p.dateApproved,
      merchantOrderId: mo.id,
    })),
  );
  const expiredUnpaid = orders.length > 0 && orders.every((mo) => mo.status === 'expired');
  const paidOrder = orders.find((mo) => mo.payments.some((p) => p.status === 'approved'));
  const latest = [...orders].sort((a, b) => (a.dateCreated?.getTime() ?? 0) - (b.dateCreated?.getTime() ?? 0)).at(-1);
  return apply(deps, externalReference, facts, { expiredUnpaid, merchantOrderId: (paidOrder ?? latest)?.id ?? null, source });
}

/** A payment that belongs to no merchant order: matched to its order by external_reference. */
export async function applyPayment(deps: OrderSyncDeps, payment: MpPayment, source: SyncSource): Promise<ApplyResult> {
  if (!payment.externalReference) {
    throw new ReconError('ORDER_NOT_FOUND', `payment ${payment.id} carries no external_reference and no merchant order, so it matches no order`);
  }
  const fact: PaymentFacts = {
    mpPaymentId: payment.id,
    amount: payment.amount,
    refundedAmount: payment.refundedAmount,
    currency: payment.currency,
    status: payment.status,
    approvedAt: payment.dateApproved,
    merchantOrderId: payment.merchantOrderId,
  };
  return apply(deps, payment.externalReference, [fact], { expiredUnpaid: false, merchantOrderId: payment.merchantOrderId, source, known: [payment] });
}

interface ApplyOptions {
  readonly expiredUnpaid: boolean;
  readonly merchantOrderId: string | null;
  readonly source: SyncSource;
  /** Payments already fetched in full (their refunds need no other call). */
  readonly known?: readonly MpPayment[];
}

async function apply(deps: OrderSyncDeps, externalReference: string, facts: readonly PaymentFacts[], options: ApplyOptions): Promise<ApplyResult> {
  const details = await refundDetails(deps, facts, options.known ?? []);
  const now = deps.now();
  const result = await deps.conn.db.transaction().execute(async (trx) => {
    const order = await lockOrder(trx, deps.account.id, { externalReference });
    if (!order) {
      throw new ReconError(
        'ORDER_NOT_FOUND',
        `no order has external_reference '${externalReference}': import it (mp-recon import orders FILE.csv) or check the external_reference sent to Mercado Pago`,
        { details: { externalReference, account: deps.account.id } },
      );
    }
    for (const fact of facts) await upsertPayment(trx, order.accountId, order.orderId, { ...fact, currency: fact.currency || order.currency }, options.source);
    let refundsAdded = 0;
    for (const payment of details) refundsAdded += await recordMpRefunds(trx, order, payment.id, payment.refunds, now);
    const totals = await orderTotals(trx, order.accountId, order.orderId);
    const after = deriveOrderStatus({ current: order.status, amount: order.amount, paid: totals.paid, refunded: totals.refunded, expiredUnpaid: options.expiredUnpaid });
    await writeOrderStatus(trx, order, after, totals.lastApprovedAt, options.merchantOrderId);
    return { orderId: order.orderId, before: order.status, after, payments: facts.length, refundsAdded };
  });
  if (result.before !== result.after) deps.log.info({ orderId: result.orderId, from: result.before, to: result.after, source: options.source }, 'order status changed');
  return result;
}

/** Full payments (with their refunds[]) for those whose refunded amount we have not fully recorded. */
async function refundDetails(deps: OrderSyncDeps, facts: readonly PaymentFacts[], known: readonly MpPayment[]): Promise<MpPayment[]> {
  const refunded = facts.filter((f) => f.refundedAmount.gt(0));
  if (refunded.length === 0) return [...known.filter((p) => p.refunds.length > 0)];
  const recorded = await recordedRefunds(deps.conn.db, deps.account.id, refunded.map((f) => f.mpPaymentId));
  const out: MpPayment[] = [];
  for (const f of refunded) {
    if (f.refundedAmount.lte(recorded.get(f.mpPaymentId) ?? new Decimal(0))) continue;
    out.push(known.find((p) => p.id === f.mpPaymentId) ?? (await deps.mp.payments.get(f.mpPaymentId)));
  }
  return out;
}
