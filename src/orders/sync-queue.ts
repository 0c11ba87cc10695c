/**
 * Which pending orders the contingency search looks up, so that none starves: only orders inside the
 * search window (RECON_SYNC_WINDOW_DAYS) and past the notification grace (--older-than), least recently
 * synced first (never-synced ones before all), a batch at a time. A pile of abandoned QR orders can no
 * longer hide a newer order whose notification was lost: each search moves the pile to the back. Orders
 * that age out of the window are marked `stale` and left alone (`sync --order` still syncs one).
 * The queue is one account's: its orders only (orders_sync_queue_idx leads with account_id), so two
 * accounts in one site, or one account's pile of orders, never hold up another's.
 */
import { sql } from 'kysely';
import type { Kysely } from 'kysely';
import type { Database } from '../db/database.ts';

export interface DueOrder {
  readonly orderId: string;
  readonly externalReference: string;
}

/** Marks pending orders created before `windowStart` stale; returns how many. */
export async function markStale(db: Kysely<Database>, accountId: string, windowStart: Date): Promise<number> {
  const result = await db
    .updateTable('orders')
    .set({ sync_state: 'stale' })
    .where('account_id', '=', accountId)
    .where('status', '=', 'pending')
    .where('sync_state', '=', 'active')
    .where('created_at', '<', windowStart)
    .executeTakeFirst();
  return Number(result.numUpdatedRows);
}

export async function dueOrders(db: Kysely<Database>, accountId: string, window: { start: Date; createdBefore: Date }, limit: number): Promise<DueOrder[]> {
  const rows = await db
    .selectFrom('orders')
    .select(['order_id', 'external_reference'])
    .where('account_id', '=', accountId)
    .where('status', '=', 'pending')
    .where('sync_state', '=', 'active')
    .where('external_reference', 'is not', null)
    .where('created_at', '>=', window.start)
    .where('created_at', '<=', window.createdBefore)
    .orderBy(sql`last_synced_at nulls first`)
    .orderBy('created_at')
    .orderBy('order_id')
    .limit(limit)
    .execute();
  return rows.map((r) => ({ orderId: r.order_id, externalReference: r.external_reference ?? '' }));
}

/** Records that MP was asked about the order (whatever it answered), moving it to the back of the queue. */
export async function markSynced(db: Kysely<Database>, accountId: string, orderId: string, at: Date): Promise<void> {
  await db.updateTable('orders').set({ last_synced_at: at }).where('account_id', '=', accountId).where('order_id', '=', orderId).execute();
}
