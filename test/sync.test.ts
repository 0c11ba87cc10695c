/**
 * The contingency search: notifications lost entirely (the simulator drops them) and orders recovered by
 * `syncPendingOrders` / `mp-recon sync` through GET /merchant_orders/search?external_reference=… with
 * paging; the age threshold; one order on demand; orders whose every merchant order expired.
 */
import pino from 'pino';
import { describe, expect, it } from 'vitest';
import { syncPendingOrders } from '../jobs/sync-orders.ts';
import { MpClient } from '../src/mp/client.ts';
import { MpApiError } from '../src/mp/errors.ts';
import { type OrderWorld, TOKEN, useOrderWorld } from './helpers/order-world.ts';
import { runCli } from './helpers/run-cli.ts';
import { testBackend } from './helpers/test-db.ts';

const FIFTEEN_MINUTES = 15 * 60_000;

let w: OrderWorld;
useOrderWorld((world) => {
  w = world;
});

/** A paid QR order whose notifications never reach us. */
async function paidButUnnotified(id: string, ref: string, amount: string, createdMinutesAgo: number) {
  await w.addOrder(id, amount, { ref, createdMinutesAgo });
  w.sim.state.notifier.hold();
  const payment = w.pay(w.scan(ref, amount), 'approved');
  w.sim.state.notifier.release({ drop: true });
  await w.settle();
  expect((await w.order(id)).status).toBe('pending');
  return payment;
}

describe('syncPendingOrders', () => {
  it('recovers an order whose notifications were lost entirely', async () => {
    const payment = await paidButUnnotified('L1', 'LOST-1', '500.00', 20);
    const r = await syncPendingOrders(w.deps, { olderThanMs: FIFTEEN_MINUTES });
    expect(r).toMatchObject({ checked: 1, changed: 1, paid: 1, stillPending: 0, failed: 0 });
    expect((await w.order('L1')).status).toBe('paid');
    const rows = await w.t.deps.conn.db.selectFrom('order_payments').select(['mp_payment_id', 'source', 'amount']).execute();
    expect(rows).toEqual([{ mp_payment_id: payment.id, source: 'search', amount: '500' }]);
    const run = await w.t.deps.conn.db.selectFrom('runs').select(['job', 'status', 'counts']).where('id', '=', r.runId).executeTakeFirstOrThrow();
    expect(run).toMatchObject({ job: 'sync', status: 'succeeded', counts: { checked: 1, paid: 1 } });

    const again = await syncPendingOrders(w.deps, { olderThanMs: FIFTEEN_MINUTES });
    expect(again.checked).toBe(0);
  });

  it('leaves younger orders to their notifications, and syncs one order on demand', async () => {
    await paidButUnnotified('Y1', 'YOUNG-1', '10.00', 5);
    expect((await syncPendingOrders(w.deps, { olderThanMs: FIFTEEN_MINUTES })).checked).toBe(0);
    expect((await w.order('Y1')).status).toBe('pending');
    const r = await syncPendingOrders(w.deps, { orderId: 'Y1' });
    expect(r).toMatchObject({ checked: 1, paid: 1 });
    expect((await w.order('Y1')).status).toBe('paid');
  });

  it('follows the search paging: the paid merchant order is on the second page', async () => {
    await w.addOrder('P1', '20.00', { ref: 'MANY-1' });
    w.sim.state.notifier.hold();
    for (let i = 0; i < 54; i += 1) w.pay(w.scan('MANY-1', '20.00'), 'rejected');
    const paid = w.pay(w.scan('MANY-1', '20.00'), 'approved');
    w.sim.state.notifier.release({ drop: true });

    const first = await w.deps.mp.merchantOrders.search({ externalReference: 'MANY-1', limit: 50 });
    expect(first).toMatchObject({ total: 55, nextOffset: 50 });
    expect(first.elements).toHaveLength(50);
    expect(first.elements.some((mo) => mo.payments.some((p) => p.id === paid.id))).toBe(false);

    expect(await syncPendingOrders(w.deps, { olderThanMs: FIFTEEN_MINUTES })).toMatchObject({ checked: 1, paid: 1 });
    const count = await w.t.deps.conn.db.selectFrom('order_payments').select((eb) => eb.fn.countAll<string>().as('n')).executeTakeFirstOrThrow();
    expect(count.n).toBe('55');
  });

  it('cancels an order whose every merchant order expired unpaid, and counts what MP does not know', async () => {
    await w.addOrder('E1', '30.00', { ref: 'EXP-1' });
    await w.addOrder('U1', '30.00', { ref: 'UNKNOWN-1' });
    w.sim.state.notifier.hold();
    w.scan('EXP-1', '30.00', 60_000);
    w.scan('EXP-1', '30.00', 60_000);
    w.clock.advance(120_000);
    w.sim.state.notifier.release({ drop: true });
    const r = await syncPendingOrders(w.deps, { olderThanMs: FIFTEEN_MINUTES });
    expect(r).toMatchObject({ checked: 2, cancelled: 1, unknownAtMp: 1, failed: 0 });
    expect((await w.order('E1')).status).toBe('cancelled');
    expect((await w.order('U1')).status).toBe('pending');
  });

  it('stops at once, with the run failed, when Mercado Pago refuses the token', async () => {
    await w.addOrder('T1', '1.00', { ref: 'TOK-1' });
    const mp = new MpClient({ baseUrl: w.sim.url, accessToken: 'APP_USR-wrong-token', log: pino({ level: 'silent' }), sleep: async () => {} });
    const err = await syncPendingOrders({ ...w.deps, mp }, { olderThanMs: FIFTEEN_MINUTES }).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(MpApiError);
    expect((err as MpApiError).code).toBe('MP_UNAUTHORIZED');
    const run = await w.t.deps.conn.db.selectFrom('runs').select(['status', 'error_code']).executeTakeFirstOrThrow();
    expect(run).toEqual({ status: 'failed', error_code: 'MP_UNAUTHORIZED' });
  });
});

describe('mp-recon sync', () => {
  // The embedded database serves one process at a time and this file holds it open.
  it.skipIf(testBackend() === 'embedded')('recovers lost orders from the command line', async () => {
    await paidButUnnotified('C1', 'CLI-1', '42.00', 30);
    // The CLI runs on the wall clock while the world's clock is in March: widen the search window to reach it.
    const env = { ...w.t.cliEnv, MP_BASE_URL: w.sim.url, MP_ACCESS_TOKEN: TOKEN, RECON_SYNC_WINDOW_DAYS: '3650' };
    const r = await runCli(['sync', '--older-than', '15m'], env);
    expect(r.stderr).toBe('');
    expect(r.stdout).toMatch(/^synced 1 order\(s\) \(run \d+\): 1 changed \(1 paid, 0 cancelled\), 0 still pending, 0 unknown at Mercado Pago, 0 failed\n$/);
    expect(r.code).toBe(0);
    expect((await w.order('C1')).status).toBe('paid');
  });
});
