/**
 * The refunds rows `mp-recon refund` writes. A refund is stored as `requested`, with its id and its
 * X-Idempotency-Key, BEFORE Mercado Pago is called; the answer then turns it approved or rejected. A
 * row still `requested` (the answer never came back) is resumed by the next run with the same key, so
 * MP refunds it at most once. Ids are deterministic per order: `<order>-r1`, `<order>-r2`, ... Rows
 * belong to an account (`accountId`): two accounts' orders may share an id, and so their refund ids.
 */
import { randomUUID } from 'node:crypto';
import { Decimal } from 'decimal.js';
import { type Kysely, sql } from 'kysely';
import type { Database } from '../db/database.ts';

type Db = Kysely<Database>;

export interface PendingRefund {
  readonly refundId: string;
  readonly mpPaymentId: string;
  readonly amount: Decimal;
  readonly idempotencyKey: string;
  /** All of an untouched payment: sent as MP's total refund (body `{}`). Kept in the key, so a resume sends the same body. */
  readonly whole: boolean;
}

export interface PlannedRefund {
  readonly mpPaymentId: string;
  readonly amount: Decimal;
  readonly whole?: boolean;
}

const WHOLE_MARK = ':total:';

/** Our refunds of the order MP has not confirmed yet (requested, no MP refund id). */
export async function pendingRefunds(db: Db, accountId: string, orderId: string): Promise<PendingRefund[]> {
  const rows = await db
    .selectFrom('refunds')
    .select(['refund_id', 'mp_payment_id', 'amount', 'idempotency_key'])
    .where('account_id', '=', accountId)
    .where('order_id', '=', orderId)
    .where('origin', '=', 'command')
    .where('status', '=', 'requested')
    .where('mp_refund_id', 'is', null)
    .orderBy('refund_id')
    .execute();
  return rows.map((r) => ({ refundId: r.refund_id, mpPaymentId: r.mp_payment_id ?? '', amount: new Decimal(r.amount), idempotencyKey: r.idempotency_key ?? r.refund_id, whole: (r.idempotency_key ?? '').includes(WHOLE_MARK) }));
}

/** Stores the planned refunds as `requested` with fresh ids and keys; the caller holds the order locked. */
export async function insertPlanned(
  trx: Db,
  accountId: string,
  order: { orderId: string; currency: string },
  plan: readonly PlannedRefund[],
  reason: string | null,
  now: Date,
): Promise<PendingRefund[]> {
  const ids = await trx.selectFrom('refunds').select('refund_id').where('account_id', '=', accountId).where('order_id', '=', order.orderId).execute();
  const prefix = `${order.orderId}-r`;
  const used = ids.map((r) => (r.refund_id.startsWith(prefix) ? Number(r.refund_id.slice(prefix.length)) : 0)).filter((n) => Number.isInteger(n));
  let seq = Math.max(0, ...used);
  const out: PendingRefund[] = [];
  for (const p of plan) {
    seq += 1;
    const refundId = `${prefix}${seq}`;
    // Our refund id plus a random part: a database restored or rebuilt never reuses a key MP already saw.
    const idempotencyKey = `mp-recon:${refundId}${p.whole ? WHOLE_MARK : ':'}${randomUUID()}`;
    await trx
      .insertInto('refunds')
      .values({
        account_id: accountId,
        refund_id: refundId,
        order_id: order.orderId,
        mp_payment_id: p.mpPaymentId,
        mp_refund_id: null,
        amount: p.amount.toFixed(),
        currency: order.currency,
        status: 'requested',
        created_at: now,
        reason,
        origin: 'command',
        idempotency_key: idempotencyKey,
      })
      .execute();
    out.push({ refundId, mpPaymentId: p.mpPaymentId, amount: p.amount, idempotencyKey, whole: p.whole === true });
  }
  return out;
}

/** MP answered: record its refund id and status (the receiver may have adopted the row already). */
export async function markAnswered(db: Db, accountId: string, refundId: string, mpRefundId: string, status: 'requested' | 'approved' | 'rejected'): Promise<void> {
  await db.updateTable('refunds').set({ mp_refund_id: mpRefundId, status, last_error: null, updated_at: sql`now()` }).where('account_id', '=', accountId).where('refund_id', '=', refundId).execute();
}

/** MP said no: the refund did not happen. */
export async function markRejected(db: Db, accountId: string, refundId: string, error: string): Promise<void> {
  await db.updateTable('refunds').set({ status: 'rejected', last_error: error.slice(0, 2000), updated_at: sql`now()` }).where('account_id', '=', accountId).where('refund_id', '=', refundId).execute();
}

/** No answer: stays requested, to be resumed. */
export async function markUncertain(db: Db, accountId: string, refundId: string, error: string): Promise<void> {
  await db.updateTable('refunds').set({ last_error: error.slice(0, 2000), updated_at: sql`now()` }).where('account_id', '=', accountId).where('refund_id', '=', refundId).execute();
}

/** Splits `want` over the payments' refundable amounts, oldest payment first. */
export function allocate(want: Decimal, payments: readonly { id: string; refundable: Decimal; paid?: Decimal; untouched?: boolean }[]): PlannedRefund[] {
  const plan: PlannedRefund[] = [];
  let rest = want;
  for (const p of payments) {
    if (rest.lte(0)) break;
    const take = Decimal.min(rest, p.refundable);
    if (take.gt(0)) plan.push({ mpPaymentId: p.id, amount: take, whole: p.untouched === true && p.paid !== undefined && take.eq(p.paid) });
    rest = rest.minus(take);
  }
  return plan;
}
