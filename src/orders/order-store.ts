/**
 * The SQL of order sync: lock an order, upsert what MP says about its payments and refunds, read its
 * money totals, write its status. Each function takes the caller's transaction (or db) first; the caller
 * holds the order row locked (`for update`) so the receiver, `mp-recon sync` and `mp-recon refund`
 * never interleave on one order. No HTTP happens inside these transactions.
 *
 * Every statement names the account (`accountId`, the caller's deps.account.id): two accounts may use
 * the same order id, external_reference, payment id or refund id, and one must never see the other's.
 */
import { Decimal } from 'decimal.js';
import { type Kysely, sql } from 'kysely';
import type { Database } from '../db/database.ts';
import type { MpRefund } from '../mp/order-types.ts';
import { isOrderStatus, type OrderStatus, PAID_PAYMENT_STATUSES } from './derive-order-status.ts';

type Db = Kysely<Database>;

export interface LockedOrder {
  readonly accountId: string;
  readonly orderId: string;
  readonly externalReference: string | null;
  readonly currency: string;
  readonly amount: Decimal;
  readonly status: OrderStatus;
  readonly paidAt: Date | null;
}

export interface OrderRecord {
  readonly order_id: string;
  readonly external_reference: string | null;
  readonly currency: string;
  readonly status: OrderStatus;
}

/** One order by its id, unlocked (the use cases' first look: does it exist, what state is it in). */
export async function findOrder(db: Db, accountId: string, orderId: string): Promise<OrderRecord | undefined> {
  return db
    .selectFrom('orders')
    .select(['order_id', 'external_reference', 'currency', 'status'])
    .where('account_id', '=', accountId)
    .where('order_id', '=', orderId)
    .executeTakeFirst();
}

export async function lockOrder(trx: Db, accountId: string, by: { orderId: string } | { externalReference: string }): Promise<LockedOrder | undefined> {
  let query = trx.selectFrom('orders').select(['order_id', 'external_reference', 'currency', 'amount', 'status', 'paid_at']).where('account_id', '=', accountId).forUpdate();
  query = 'orderId' in by ? query.where('order_id', '=', by.orderId) : query.where('external_reference', '=', by.externalReference);
  const row = await query.executeTakeFirst();
  if (!row) return undefined;
  if (!isOrderStatus(row.status)) throw new Error(`order ${row.order_id} has unknown status ${row.status}`);
  return { accountId, orderId: row.order_id, externalReference: row.external_reference, currency: row.currency, amount: new Decimal(row.amount), status: row.status, paidAt: row.paid_at };
}

export interface PaymentFacts {
  readonly mpPaymentId: string;
  readonly amount: Decimal;
  readonly refundedAmount: Decimal;
  readonly currency: string;
  readonly status: string;
  readonly approvedAt: Date | null;
  readonly merchantOrderId: string | null;
}

/** Inserts or refreshes one payment of the order; `source` says how we first learned of it. */
export async function upsertPayment(trx: Db, accountId: string, orderId: string, p: PaymentFacts, source: 'notification' | 'search'): Promise<void> {
  await trx
    .insertInto('order_payments')
    .values({
      account_id: accountId,
      mp_payment_id: p.mpPaymentId,
      order_id: orderId,
      amount: p.amount.toFixed(),
      currency: p.currency,
      status: p.status,
      approved_at: p.approvedAt,
      source,
      amount_refunded: p.refundedAmount.toFixed(),
      mp_merchant_order_id: p.merchantOrderId,
    })
    .onConflict((oc) =>
      oc.columns(['account_id', 'mp_payment_id']).doUpdateSet({
        amount: (eb) => eb.ref('excluded.amount'),
        // A late, older picture must not take an approved (or rejected, cancelled) payment back to pending.
        status: sql`case when excluded.status in ('pending', 'in_process', 'authorized')
                          and order_payments.status not in ('pending', 'in_process', 'authorized')
                         then order_payments.status else excluded.status end`,
        approved_at: sql`coalesce(excluded.approved_at, order_payments.approved_at)`,
        amount_refunded: sql`greatest(excluded.amount_refunded, order_payments.amount_refunded)`,
        mp_merchant_order_id: sql`coalesce(excluded.mp_merchant_order_id, order_payments.mp_merchant_order_id)`,
        updated_at: sql`now()`,
      }),
    )
    .execute();
}

export interface OrderTotals {
  readonly paid: Decimal;
  readonly refunded: Decimal;
  /** When the last approved payment was approved: the moment the order became paid. */
  readonly lastApprovedAt: Date | null;
}

/**
 * Money of the order as recorded: approved payments; refunded per payment as the larger of MP's figure
 * (amount_refunded) and our approved refunds of it, plus approved refunds tied to no recorded payment.
 */
export async function orderTotals(trx: Db, accountId: string, orderId: string): Promise<OrderTotals> {
  const paidStatuses = sql.join(PAID_PAYMENT_STATUSES);
  const row = await sql<{ paid: string | null; refunded: string | null; last_approved_at: Date | null }>`
    with ours as (
      select mp_payment_id, sum(amount) as total from refunds
       where account_id = ${accountId} and order_id = ${orderId} and status = 'approved' group by mp_payment_id
    ), pays as (
      select mp_payment_id, amount, status, approved_at, amount_refunded from order_payments
       where account_id = ${accountId} and order_id = ${orderId}
    )
    select (select sum(amount) from pays where status in (${paidStatuses})) as paid,
           (select coalesce(sum(greatest(p.amount_refunded, coalesce(o.total, 0))), 0) from pays p left join ours o on o.mp_payment_id = p.mp_payment_id)
           + (select coalesce(sum(total), 0) from ours where mp_payment_id is null or mp_payment_id not in (select mp_payment_id from pays)) as refunded,
           (select max(approved_at) from pays where status in (${paidStatuses})) as last_approved_at
  `.execute(trx);
  const r = row.rows[0];
  return { paid: new Decimal(r?.paid ?? 0), refunded: new Decimal(r?.refunded ?? 0), lastApprovedAt: r?.last_approved_at ?? null };
}

export async function writeOrderStatus(trx: Db, order: LockedOrder, status: OrderStatus, paidAt: Date | null, merchantOrderId: string | null): Promise<void> {
  await trx
    .updateTable('orders')
    .set({
      status,
      paid_at: order.paidAt ?? (status === 'paid' || status === 'refunded' || status === 'partially_refunded' ? paidAt : null),
      ...(merchantOrderId ? { mp_merchant_order_id: merchantOrderId } : {}),
      updated_at: sql`now()`,
    })
    .where('account_id', '=', order.accountId)
    .where('order_id', '=', order.orderId)
    .execute();
}

/** Our refund status for MP's: approved and rejected map over; anything else is still in flight. */
export function refundStatusOf(mpStatus: string): 'requested' | 'approved' | 'rejected' {
  if (mpStatus === 'approved') return 'approved';
  if (mpStatus === 'rejected' || mpStatus === 'cancelled') return 'rejected';
  return 'requested';
}

/**
 * Records MP's refunds of one payment: updates the row that already carries the MP refund id; else
 * adopts a refund of ours for the same payment and amount that has no MP id yet (one `mp-recon refund`
 * is still waiting to hear about, or one the merchant imported); else records it as made elsewhere (the
 * POS, MP's panel) with origin `mercadopago`.
 */
export async function recordMpRefunds(trx: Db, order: LockedOrder, paymentId: string, refunds: readonly MpRefund[], now: Date): Promise<number> {
  let added = 0;
  for (const r of refunds) {
    const status = refundStatusOf(r.status);
    const known = await trx
      .updateTable('refunds')
      .set({ status, updated_at: sql`now()` })
      .where('account_id', '=', order.accountId)
      .where('mp_refund_id', '=', r.id)
      .where('order_id', '=', order.orderId)
      .executeTakeFirst();
    if (Number(known.numUpdatedRows) > 0) continue;
    const ours = await trx
      .selectFrom('refunds')
      .select('refund_id')
      .where('account_id', '=', order.accountId)
      .where('order_id', '=', order.orderId)
      .where('mp_payment_id', '=', paymentId)
      .where('mp_refund_id', 'is', null)
      .where('status', 'in', ['requested', 'approved'])
      .where('amount', '=', r.amount.toFixed())
      .orderBy('created_at')
      .limit(1)
      .forUpdate()
      .executeTakeFirst();
    if (ours) {
      await trx
        .updateTable('refunds')
        .set({ mp_refund_id: r.id, status, updated_at: sql`now()` })
        .where('account_id', '=', order.accountId)
        .where('refund_id', '=', ours.refund_id)
        .execute();
      continue;
    }
    const inserted = await trx
      .insertInto('refunds')
      .values({
        account_id: order.accountId,
        refund_id: `mp-${r.id}`,
        order_id: order.orderId,
        mp_payment_id: paymentId,
        mp_refund_id: r.id,
        amount: r.amount.toFixed(),
        currency: order.currency,
        status,
        created_at: r.dateCreated ?? now,
        reason: r.reason,
        origin: 'mercadopago',
      })
      .onConflict((oc) => oc.columns(['account_id', 'refund_id']).doNothing())
      .returning('refund_id')
      .executeTakeFirst();
    if (inserted) added += 1;
  }
  return added;
}

/** Σ approved refunds we hold per MP payment id, to tell whether MP knows refunds we have not recorded. */
export async function recordedRefunds(db: Db, accountId: string, paymentIds: readonly string[]): Promise<Map<string, Decimal>> {
  if (paymentIds.length === 0) return new Map();
  const rows = await db
    .selectFrom('refunds')
    .select(['mp_payment_id', sql<string>`sum(amount)`.as('total')])
    .where('account_id', '=', accountId)
    .where('mp_payment_id', 'in', paymentIds)
    .where('status', '=', 'approved')
    .where('mp_refund_id', 'is not', null)
    .groupBy('mp_payment_id')
    .execute();
  return new Map(rows.map((r) => [r.mp_payment_id ?? '', new Decimal(r.total)]));
}
