/**
 * Orders that never starve: the contingency search takes the least recently synced pending orders first
 * (a batch at a time), so a pile of abandoned QR orders cannot hide a newer one whose notification was
 * lost; orders older than RECON_SYNC_WINDOW_DAYS are marked stale and searched no more (sync --order
 * still syncs one); `mp-recon serve` runs the search on a timer. Everything goes over HTTP to the simulator.
 */
import pino from 'pino';
import { describe, expect, it } from 'vitest';
import { syncPendingOrders } from '../jobs/sync-orders.ts';
import { startSyncTimer } from '../src/orders/sync-timer.ts';
import { type OrderWorld, useOrderWorld } from './helpers/order-world.ts';

const FIFTEEN_MINUTES = 15 * 60_000;
const DAY_MINUTES = 24 * 60;

let w: OrderWorld;
useOrderWorld((world) => {
  w = world;
});

/** An order shown as a QR that nobody paid: pending here and at MP, forever. */
async function abandoned(id: string, createdMinutesAgo: number): Promise<void> {
  await w.addOrder(id, '10.00', { ref: `AB-${id}`, createdMinutesAgo });
  w.scan(`AB-${id}`, '10.00');
}

/** A paid QR order whose notifications never reach us. */
async function paidButUnnotified(id: string, createdMinutesAgo: number): Promise<void> {
  await w.addOrder(id, '75.00', { ref: `LOST-${id}`, createdMinutesAgo });
  w.sim.state.notifier.hold();
  w.pay(w.scan(`LOST-${id}`, '75.00'), 'approved');
  w.sim.state.notifier.release({ drop: true });
  await w.settle();
}

async function syncState(id: string) {
  return w.t.deps.conn.db.selectFrom('orders').select(['status', 'sync_state', 'last_synced_at']).where('order_id', '=', id).executeTakeFirstOrThrow();
}

describe('the contingency search queue', () => {
  it('takes the least recently synced orders first, so abandoned orders do not starve a newer lost one', async () => {
    for (const [i, id] of ['A1', 'A2', 'A3', 'A4'].entries()) await abandoned(id, 300 - i);
    await paidButUnnotified('L1', 60);

    const first = await syncPendingOrders(w.deps, { olderThanMs: FIFTEEN_MINUTES, limit: 3 });
    expect(first).toMatchObject({ checked: 3, stillPending: 3, paid: 0 });
    expect((await syncState('A1')).last_synced_at).toEqual(w.clock.now());
    expect((await syncState('L1')).status).toBe('pending');

    w.clock.advance(5 * 60_000);
    const second = await syncPendingOrders(w.deps, { olderThanMs: FIFTEEN_MINUTES, limit: 3 });
    expect(second).toMatchObject({ checked: 3, paid: 1, stillPending: 2 });
    expect((await syncState('L1')).status).toBe('paid');
    expect((await syncState('A4')).last_synced_at).toEqual(w.clock.now());
  });

  it('marks pending orders older than the window stale and stops searching them; sync --order still syncs one', async () => {
    await paidButUnnotified('OLD', 31 * DAY_MINUTES);
    await paidButUnnotified('NEW', 29 * DAY_MINUTES);
    const r = await syncPendingOrders(w.deps, { olderThanMs: FIFTEEN_MINUTES });
    expect(r).toMatchObject({ markedStale: 1, checked: 1, paid: 1 });
    expect(await syncState('OLD')).toMatchObject({ status: 'pending', sync_state: 'stale', last_synced_at: null });
    expect((await syncPendingOrders(w.deps, { olderThanMs: FIFTEEN_MINUTES })).checked).toBe(0);

    expect(await syncPendingOrders(w.deps, { orderId: 'OLD' })).toMatchObject({ checked: 1, paid: 1 });
    expect((await syncState('OLD')).status).toBe('paid');
  });

  it('runs on a timer in serve, recovering a lost order without anyone running sync', async () => {
    await paidButUnnotified('T1', 60);
    const timer = startSyncTimer(20, pino({ level: 'silent' }), () => syncPendingOrders(w.deps, { olderThanMs: FIFTEEN_MINUTES }));
    try {
      for (let i = 0; i < 200 && (await syncState('T1')).status !== 'paid'; i += 1) await new Promise((r) => setTimeout(r, 25));
    } finally {
      await timer.stop();
    }
    expect((await syncState('T1')).status).toBe('paid');
  });
});
