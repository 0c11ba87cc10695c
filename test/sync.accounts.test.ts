/**
 * Order sync, refunds and cancellations act on one account's orders with that account's token: the
 * contingency search of account A never reads, marks or updates B's orders (same site, same order id
 * and reference), its run row is A's; syncEveryAccount searches each enabled account and goes on when
 * one has no token; a refund or a cancel of A's order leaves B's order of the same id alone; and the
 * CLI asks which account when there are several.
 */
import { Decimal } from 'decimal.js';
import { describe, expect, it } from 'vitest';
import { cancelOrder } from '../jobs/cancel-order.ts';
import { refundOrder } from '../jobs/refund-order.ts';
import { syncEveryAccount, syncPendingOrders } from '../jobs/sync-orders.ts';
import { type OrderWorld, useOrderWorld, type WorldAccount } from './helpers/order-world.ts';
import { runCli } from './helpers/run-cli.ts';
import { testBackend } from './helpers/test-db.ts';

const FIFTEEN_MINUTES = 15 * 60_000;

let w: OrderWorld;
// Webhooks carry the seller's user_id (an IPN names none), so the receiver can route them.
useOrderWorld(
  (world) => {
    w = world;
  },
  { mode: 'webhook' },
);

const db = () => w.t.deps.conn.db;

/** Order `id` of the account, paid at its seller, whose notifications never reach us. */
async function paidButUnnotified(a: WorldAccount, id: string, ref: string, amount: string, createdMinutesAgo = 30) {
  await w.addOrder(id, amount, { ref, createdMinutesAgo, account: a.deps });
  w.sim.state.notifier.hold();
  const payment = w.pay(w.scan(ref, amount, undefined, a.acct), 'approved', undefined, a.acct);
  w.sim.state.notifier.release({ drop: true });
  return payment;
}

async function orderRow(accountId: string, id: string) {
  return db().selectFrom('orders').select(['status', 'sync_state', 'last_synced_at']).where('account_id', '=', accountId).where('order_id', '=', id).executeTakeFirstOrThrow();
}

describe('the contingency search of one account', () => {
  it("never touches another account's order of the same id and reference in the same site", async () => {
    const a = await w.addAccount('store-a', 'MLA', 4001);
    const b = await w.addAccount('store-b', 'MLA', 4002);
    const paidAtA = await paidButUnnotified(a, 'O1', 'SAME-1', '70.00');
    await paidButUnnotified(b, 'O1', 'SAME-1', '90.00');

    const r = await syncPendingOrders(a.deps, { olderThanMs: FIFTEEN_MINUTES });
    expect(r).toMatchObject({ checked: 1, paid: 1, failed: 0 });
    expect(await orderRow('store-a', 'O1')).toMatchObject({ status: 'paid' });
    expect(await orderRow('store-b', 'O1')).toEqual({ status: 'pending', sync_state: 'active', last_synced_at: null });
    expect(await db().selectFrom('order_payments').select(['account_id', 'mp_payment_id']).execute()).toEqual([{ account_id: 'store-a', mp_payment_id: paidAtA.id }]);
    const run = await db().selectFrom('runs').select(['account_id', 'job', 'status']).where('id', '=', r.runId).executeTakeFirstOrThrow();
    expect(run).toEqual({ account_id: 'store-a', job: 'sync', status: 'succeeded' });

    expect(await syncPendingOrders(b.deps, { olderThanMs: FIFTEEN_MINUTES })).toMatchObject({ checked: 1, paid: 1 });
    expect(await orderRow('store-b', 'O1')).toMatchObject({ status: 'paid' });
  });

  it("marks only its own old orders stale, and syncs one order by id in its own books", async () => {
    const ar = await w.addAccount('ar', 'MLA', 4101);
    const br = await w.addAccount('br', 'MLB', 4102);
    const old = 40 * 24 * 60;
    await w.addOrder('OLD', '10.00', { ref: 'OLD-1', createdMinutesAgo: old, account: ar.deps });
    await w.addOrder('OLD', '10.00', { ref: 'OLD-1', createdMinutesAgo: old, account: br.deps });
    expect(await syncPendingOrders(ar.deps, { olderThanMs: FIFTEEN_MINUTES })).toMatchObject({ markedStale: 1, checked: 0 });
    expect((await orderRow('ar', 'OLD')).sync_state).toBe('stale');
    expect((await orderRow('br', 'OLD')).sync_state).toBe('active');

    await paidButUnnotified(br, 'B1', 'BR-1', '25.00');
    const missing = await syncPendingOrders(ar.deps, { orderId: 'B1' }).catch((e: unknown) => e);
    expect(missing).toMatchObject({ code: 'ORDER_NOT_FOUND' });
    expect(await syncPendingOrders(br.deps, { orderId: 'B1' })).toMatchObject({ checked: 1, paid: 1 });
  });

  it('syncs every enabled account with its own token, and goes on past one whose token is missing', async () => {
    const ar = await w.addAccount('ar', 'MLA', 4201);
    const br = await w.addAccount('br', 'MLB', 4202);
    const cl = await w.addAccount('cl', 'MLC', 4203);
    await paidButUnnotified(ar, 'A1', 'AR-1', '10.00');
    await paidButUnnotified(cl, 'C1', 'CL-1', '1000');
    await w.addOrder('B1', '10.00', { ref: 'BR-1', account: br.deps });
    delete process.env.MP_TOKEN_TEST_BR;
    const r = await syncEveryAccount(w.engine, w.mpClient, { olderThanMs: FIFTEEN_MINUTES });
    expect(r).toEqual({ ar: { checked: 1, changed: 1, failed: 0 }, br: { error: 'MP_TOKEN_MISSING' }, cl: { checked: 1, changed: 1, failed: 0 } });
    expect((await orderRow('ar', 'A1')).status).toBe('paid');
    expect((await orderRow('cl', 'C1')).status).toBe('paid');
    expect((await orderRow('br', 'B1')).last_synced_at).toBeNull();
  });
});

describe("refunds and cancellations of one account's order", () => {
  it('refunds the order of the account asked, with its token, and leaves the same order id of another account alone', async () => {
    const a = await w.addAccount('store-a', 'MLA', 4301);
    const b = await w.addAccount('store-b', 'MLA', 4302);
    for (const x of [a, b]) {
      await w.addOrder('R1', '60.00', { ref: 'REF-R1', account: x.deps });
      w.pay(w.scan('REF-R1', '60.00', undefined, x.acct), 'approved', undefined, x.acct);
    }
    await w.settle();
    const first = await refundOrder(a.deps, { orderId: 'R1', amount: new Decimal('20.00') });
    expect(first).toMatchObject({ orderStatus: 'partially_refunded', refunds: [{ refundId: 'R1-r1', status: 'approved' }] });
    expect((await w.order('R1', 'store-b')).status).toBe('paid');
    expect(await refundOrder(b.deps, { orderId: 'R1' })).toMatchObject({ orderStatus: 'refunded', refunds: [{ refundId: 'R1-r1', amount: '60' }] });
    const rows = await db().selectFrom('refunds').select(['account_id', 'refund_id', 'amount', 'status']).orderBy('account_id').execute();
    expect(rows).toEqual([
      { account_id: 'store-a', refund_id: 'R1-r1', amount: '20', status: 'approved' },
      { account_id: 'store-b', refund_id: 'R1-r1', amount: '60', status: 'approved' },
    ]);
    expect((await w.order('R1', 'store-a')).status).toBe('partially_refunded');
  });

  it("cancels the account's pending order only", async () => {
    const a = await w.addAccount('store-a', 'MLA', 4401);
    const b = await w.addAccount('store-b', 'MLA', 4402);
    for (const x of [a, b]) {
      await w.addOrder('Q1', '15.00', { ref: 'QR-1', account: x.deps });
      w.scan('QR-1', '15.00', undefined, x.acct);
    }
    expect(await cancelOrder(b.deps, 'Q1')).toMatchObject({ removedFromPos: ['POS-1'], orderStatus: 'cancelled' });
    expect((await w.order('Q1', 'store-b')).status).toBe('cancelled');
    expect((await w.order('Q1', 'store-a')).status).toBe('pending');
  });
});

describe('mp-recon sync with several accounts', () => {
  // The embedded database serves one process at a time and this file holds it open.
  it.skipIf(testBackend() === 'embedded')('asks which account, then syncs the one named or each with --account all', async () => {
    const ar = await w.addAccount('ar', 'MLA', 4501);
    const br = await w.addAccount('br', 'MLB', 4502);
    await paidButUnnotified(ar, 'A1', 'AR-1', '10.00');
    await paidButUnnotified(br, 'B1', 'BR-1', '10.00');
    // The CLI runs on the wall clock while the world's clock is in March: widen the search window to reach it.
    const env = { ...w.t.cliEnv, MP_BASE_URL: w.sim.url, RECON_SYNC_WINDOW_DAYS: '3650', MP_TOKEN_TEST_AR: 'APP_USR-7001-ar-token-never-logged', MP_TOKEN_TEST_BR: 'APP_USR-7001-br-token-never-logged' };
    const ambiguous = await runCli(['sync'], env);
    expect(ambiguous.code).toBe(2);
    expect(ambiguous.stderr).toMatch(/ACCOUNT_AMBIGUOUS/);

    const one = await runCli(['sync', '--account', 'ar', '--older-than', '15m'], env);
    expect(one.stdout).toMatch(/^synced 1 order\(s\) \(run \d+\): 1 changed \(1 paid/);
    expect(one.code).toBe(0);
    expect((await w.order('A1', 'ar')).status).toBe('paid');
    expect((await w.order('B1', 'br')).status).toBe('pending');

    const all = await runCli(['sync', '--account', 'all', '--older-than', '15m'], env);
    expect(all.stdout).toMatch(/^account ar: synced 0 order\(s\).*\naccount br: synced 1 order\(s\) \(run \d+\): 1 changed \(1 paid/);
    expect(all.code).toBe(0);
    expect((await w.order('B1', 'br')).status).toBe('paid');
  });
});
