/**
 * One receiver, many accounts: each notification is routed by the user_id Mercado Pago sends (the
 * Webhook body, or ?user_id= on an IPN's URL) to the account with that mp_user_id, fetched with that
 * account's token and applied to that account's order only, even when another account has an order
 * with the same id and external_reference (two sites, and two stores in one site). A user no account
 * has, or none named, is kept as ignored (never lost, never processed); duplicates still dedupe.
 */
import { describe, expect, it } from 'vitest';
import { setAccountEnabled } from '../src/accounts/account-store.ts';
import { type OrderWorld, useOrderWorld } from './helpers/order-world.ts';

let w: OrderWorld;
useOrderWorld(
  (world) => {
    w = world;
  },
  { mode: 'webhook' },
);

const db = () => w.t.deps.conn.db;

async function notifications() {
  return db().selectFrom('notifications').select(['account_id', 'topic', 'resource_id', 'status', 'deliveries', 'last_error']).orderBy('id').execute();
}

async function payments() {
  return db().selectFrom('order_payments').select(['account_id', 'order_id', 'mp_payment_id', 'status']).orderBy('account_id').execute();
}

function post(query: string, body: unknown) {
  return fetch(`${w.notifyUrl}${query}`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify(body) });
}

describe('routing by the Mercado Pago user', () => {
  it("updates only the paying seller's order when another site's account has the same order id and reference", async () => {
    const ar = await w.addAccount('ar', 'MLA', 2001);
    const br = await w.addAccount('br', 'MLB', 2002);
    await w.addOrder('O1', '300.00', { ref: 'SHARED-1', account: ar.deps });
    await w.addOrder('O1', '150.00', { ref: 'SHARED-1', account: br.deps });
    const mo = w.scan('SHARED-1', '150.00', undefined, br.acct);
    const payment = w.pay(mo, 'approved', undefined, br.acct);
    await w.settle();

    expect(await notifications()).toEqual([
      { account_id: 'br', topic: 'merchant_order', resource_id: mo.id, status: 'processed', deliveries: 2, last_error: null },
      { account_id: 'br', topic: 'payment', resource_id: payment.id, status: 'processed', deliveries: 1, last_error: null },
    ]);
    expect((await w.order('O1', 'br')).status).toBe('paid');
    expect((await w.order('O1', 'ar')).status).toBe('pending');
    expect(await payments()).toEqual([{ account_id: 'br', order_id: 'O1', mp_payment_id: payment.id, status: 'approved' }]);
  });

  it('keeps two stores of one site apart, each paid through its own notifications and token', async () => {
    const one = await w.addAccount('store-1', 'MLA', 3001);
    const two = await w.addAccount('store-2', 'MLA', 3002);
    await w.addOrder('T1', '40.00', { ref: 'TABLE-1', account: one.deps });
    await w.addOrder('T1', '55.00', { ref: 'TABLE-1', account: two.deps });
    const paidAtTwo = w.pay(w.scan('TABLE-1', '55.00', undefined, two.acct), 'approved', undefined, two.acct);
    await w.settle();
    expect((await w.order('T1', 'store-2')).status).toBe('paid');
    expect((await w.order('T1', 'store-1')).status).toBe('pending');

    const paidAtOne = w.pay(w.scan('TABLE-1', '40.00', undefined, one.acct), 'approved', undefined, one.acct);
    await w.settle();
    expect((await w.order('T1', 'store-1')).status).toBe('paid');
    expect(await payments()).toEqual([
      { account_id: 'store-1', order_id: 'T1', mp_payment_id: paidAtOne.id, status: 'approved' },
      { account_id: 'store-2', order_id: 'T1', mp_payment_id: paidAtTwo.id, status: 'approved' },
    ]);
    const owners = await db().selectFrom('notifications').select(['account_id', 'resource_id']).execute();
    expect(owners.filter((n) => n.account_id === 'store-1').map((n) => n.resource_id)).toContain(paidAtOne.id);
    expect(owners.filter((n) => n.account_id === 'store-2').map((n) => n.resource_id)).toContain(paidAtTwo.id);
  });

  it('records a seller no account has as ignored, answers 200, dedupes its repeats and never processes it', async () => {
    await w.addAccount('ar', 'MLA', 2001);
    // The world's default seller (user w.acct.account.userId) is no account of this database now.
    await w.addOrder('U1', '20.00', { ref: 'STRANGER-1' });
    w.sim.state.notifier.hold();
    const payment = w.pay(w.scan('STRANGER-1', '20.00'), 'approved');
    w.sim.state.notifier.release({ copies: 2 });
    await w.settle();

    expect(w.sim.state.notifier.attempts.every((a) => a.status === 200)).toBe(true);
    const user = w.acct.account.userId;
    const rows = await notifications();
    expect(rows.map((r) => [r.account_id, r.topic, r.status, r.deliveries])).toEqual([
      [null, 'merchant_order', 'ignored', 4],
      [null, 'payment', 'ignored', 2],
    ]);
    expect(rows.find((r) => r.resource_id === payment.id)?.last_error).toBe(`no account has Mercado Pago user ${user} (mp-recon accounts list)`);
    expect(await w.receiver.worker.drain()).toBe(0);
    expect((await w.order('U1')).status).toBe('pending');
    expect(await payments()).toEqual([]);
  });

  it('routes an IPN by the user_id on its URL; one that names no user goes to the only account, or is kept as ignored among several', async () => {
    await w.addAccount('ar', 'MLA', 2001);
    expect((await post('?topic=payment&id=501&user_id=2001', { resource: '501', topic: 'payment' })).status).toBe(200);
    expect((await post('?topic=payment&id=503', { resource: '503', topic: 'payment' })).status).toBe(200);
    await w.addAccount('br', 'MLB', 2002);
    const anonymous = await post('?topic=payment&id=502', { resource: '502', topic: 'payment' });
    expect(anonymous.status).toBe(200);
    expect(await anonymous.json()).toMatchObject({ status: 'ignored' });
    const rows = await notifications();
    expect(rows.map((r) => [r.account_id, r.resource_id, r.status === 'ignored' ? 'ignored' : 'routed'])).toEqual([
      ['ar', '501', 'routed'],
      ['ar', '503', 'routed'],
      [null, '502', 'ignored'],
    ]);
    expect(rows[2]?.last_error).toMatch(/names no Mercado Pago user \(user_id\)/);
  });

  it("keeps one row per account for the same resource, and a disabled account's notifications as ignored", async () => {
    await w.addAccount('ar', 'MLA', 2001);
    await w.addAccount('br', 'MLB', 2002);
    await setAccountEnabled(db(), 'br', false);
    const webhook = (user: number) => post('?data.id=777&type=payment', { type: 'payment', action: 'payment.updated', user_id: user, data: { id: '777' } });
    for (const user of [2001, 2002, 2001]) expect((await webhook(user)).status).toBe(200);
    const rows = await notifications();
    expect(rows.map((r) => [r.account_id, r.status, r.deliveries])).toEqual([
      ['ar', 'received', 2],
      ['br', 'ignored', 1],
    ]);
    expect(rows[1]?.last_error).toMatch(/^account br \(Mercado Pago user 2002\) is disabled/);
  });

  it('sends everything to the default account while the database defines none, whatever the user', async () => {
    await w.addOrder('D1', '12.00', { ref: 'SOLO-1' });
    w.pay(w.scan('SOLO-1', '12.00'), 'approved');
    await w.settle();
    expect((await notifications()).map((r) => [r.account_id, r.status])).toEqual([
      ['default', 'processed'],
      ['default', 'processed'],
    ]);
    expect((await w.order('D1')).status).toBe('paid');
  });
});
