/**
 * How notifications arrive, and what the receiver does with them: duplicates and reordered deliveries
 * converge to one state; a stale picture never undoes a newer one; a failed processing retries with
 * backoff from the table; rows acknowledged but never processed (a crash) are picked up by the next
 * start; MP's retry schedule when the receiver is unreachable; the edge answers (413, 400, unknown
 * topics, 500 when the record cannot be written, /healthz).
 */
import { Decimal } from 'decimal.js';
import { Kysely, PostgresDialect } from 'kysely';
import pg from 'pg';
import { describe, expect, it, vi } from 'vitest';
import type { Database } from '../src/db/database.ts';
import type { MpMerchantOrder } from '../src/mp/order-types.ts';
import { NOTIFICATION_PATH, startReceiver } from '../src/notifications/receiver.ts';
import { applyMerchantOrders } from '../src/orders/apply-mp-state.ts';
import { type OrderWorld, TOKEN, useOrderWorld } from './helpers/order-world.ts';

let w: OrderWorld;
useOrderWorld((world) => {
  w = world;
});

const db = () => w.t.deps.conn.db;

async function notifications() {
  return db().selectFrom('notifications').select(['topic', 'resource_id', 'status', 'deliveries', 'attempts', 'last_error', 'next_attempt_at']).orderBy('id').execute();
}

function post(query: string, body: string, headers: Record<string, string> = {}) {
  return fetch(`${w.notifyUrl}${query}`, { method: 'POST', headers: { 'content-type': 'application/json', ...headers }, body });
}

describe('duplicate and reordered deliveries', () => {
  it('records a repeated delivery once, acknowledges every copy, and processes to one state', async () => {
    await w.addOrder('D1', '75.00', { ref: 'DUP-1' });
    w.sim.state.notifier.hold();
    const mo = w.scan('DUP-1', '75.00');
    const payment = w.pay(mo, 'approved');
    expect(w.sim.state.notifier.release({ copies: 2 })).toBe(6);
    await w.settle();

    expect(w.sim.state.notifier.attempts.map((a) => a.status)).toEqual([200, 200, 200, 200, 200, 200]);
    const rows = await notifications();
    expect(rows.map((r) => [r.topic, r.resource_id, r.status, r.deliveries])).toEqual([
      ['merchant_order', mo.id, 'processed', 4],
      ['payment', payment.id, 'processed', 2],
    ]);
    expect((await w.order('D1')).status).toBe('paid');
    expect(await db().selectFrom('order_payments').select(['mp_payment_id', 'status']).execute()).toEqual([{ mp_payment_id: payment.id, status: 'approved' }]);
  });

  it('converges when the approval arrives before the rejection and the scan', async () => {
    await w.addOrder('D2', '60.00', { ref: 'ORD-2' });
    w.sim.state.notifier.hold();
    const mo = w.scan('ORD-2', '60.00');
    const rejected = w.pay(mo, 'rejected');
    const approved = w.pay(mo, 'approved');
    w.sim.state.notifier.release({ order: 'reverse' });
    await w.settle();
    expect(w.sim.state.notifier.attempts[0]).toMatchObject({ topic: 'merchant_order', resourceId: mo.id });
    expect(w.sim.state.notifier.attempts.at(-1)).toMatchObject({ topic: 'merchant_order', resourceId: mo.id });
    expect((await w.order('D2')).status).toBe('paid');
    const rows = await db().selectFrom('order_payments').select(['mp_payment_id', 'status']).orderBy('mp_payment_id').execute();
    expect(rows).toEqual([
      { mp_payment_id: rejected.id, status: 'rejected' },
      { mp_payment_id: approved.id, status: 'approved' },
    ]);
  });

  it('never lets an older picture of the merchant order undo a newer one', async () => {
    await w.addOrder('D3', '40.00', { ref: 'OLD-3' });
    const mo = w.scan('OLD-3', '40.00');
    const payment = w.pay(mo, 'approved');
    await w.settle();
    const stale: MpMerchantOrder = {
      id: mo.id,
      status: 'opened',
      orderStatus: 'payment_in_process',
      externalReference: 'OLD-3',
      externalPosId: null,
      totalAmount: new Decimal('40'),
      paidAmount: new Decimal('0'),
      refundedAmount: new Decimal('0'),
      payments: [{ id: payment.id, amount: new Decimal('40'), refundedAmount: new Decimal('0'), currency: 'ARS', status: 'in_process', statusDetail: null, dateApproved: null }],
      dateCreated: mo.createdAt,
      lastUpdated: mo.createdAt,
    };
    const r = await applyMerchantOrders(w.deps, 'OLD-3', [stale], 'notification');
    expect(r).toMatchObject({ before: 'paid', after: 'paid' });
    expect(await db().selectFrom('order_payments').select('status').executeTakeFirst()).toEqual({ status: 'approved' });
  });
});

describe('processing failures and crashes', () => {
  it('retries a failed notification with backoff until the order exists', async () => {
    const mo = w.scan('LATE-1', '10.00');
    w.pay(mo, 'approved');
    await w.settle();
    const failed = await notifications();
    expect(failed.map((r) => [r.status, r.attempts])).toEqual([
      ['failed', 1],
      ['failed', 1],
    ]);
    expect(failed[0]?.last_error).toMatch(/^ORDER_NOT_FOUND: no order has external_reference 'LATE-1'/);
    expect(failed[0]?.next_attempt_at).toEqual(new Date(w.clock.now().getTime() + 30_000));

    w.clock.advance(30_000);
    await w.receiver.worker.drain();
    expect((await notifications()).map((r) => [r.status, r.attempts, r.next_attempt_at?.getTime()])).toEqual([
      ['failed', 2, w.clock.now().getTime() + 60_000],
      ['failed', 2, w.clock.now().getTime() + 60_000],
    ]);

    await w.addOrder('L1', '10.00', { ref: 'LATE-1' });
    expect(await w.receiver.worker.drain()).toBe(0);
    w.clock.advance(60_000);
    expect(await w.receiver.worker.drain()).toBe(2);
    expect((await notifications()).map((r) => r.status)).toEqual(['processed', 'processed']);
    expect((await w.order('L1')).status).toBe('paid');
  });

  it('processes, after a restart, what was acknowledged but never processed', async () => {
    await w.addOrder('C1', '25.00', { ref: 'CRASH-1' });
    w.pay(w.scan('CRASH-1', '25.00'), 'approved');
    await w.sim.state.notifier.drain(); // acknowledged and recorded; the process "dies" before working them
    expect((await notifications()).map((r) => r.status)).toEqual(['received', 'received']);

    const restarted = await startReceiver(w.engine, { port: 0, host: '127.0.0.1', worker: { pollMs: 20, mpClient: w.mpClient } });
    try {
      await vi.waitFor(async () => expect((await w.order('C1')).status).toBe('paid'), { timeout: 10_000, interval: 20 });
    } finally {
      await restarted.close();
    }
    expect((await notifications()).map((r) => r.status)).toEqual(['processed', 'processed']);
  });
});

describe('delivery by the simulator', () => {
  it("retries an unreachable receiver on MP's in-person schedule, then gives up", async () => {
    const closed = await startReceiver(w.engine, { port: 0, host: '127.0.0.1', startWorker: false });
    const deadUrl = `${closed.url}${NOTIFICATION_PATH}`;
    await closed.close();
    w.sim.state.notifier.configure({ url: deadUrl });
    const start = w.clock.now().getTime();
    w.scan('GONE-1', '5.00');
    await w.sim.state.notifier.drain();
    const attempts = w.sim.state.notifier.attempts;
    expect(attempts.map((a) => Date.parse(a.at) - start)).toEqual([0, 30_000, 330_000, 2_130_000]);
    expect(attempts.map((a) => a.outcome)).toEqual(['retry', 'retry', 'retry', 'gave_up']);
    expect(attempts.every((a) => a.status === null)).toBe(true);
  });
});

describe('the simulator admin API for the buyer side and the emitter', () => {
  it('scans, pays, holds and releases reversed over plain HTTP', async () => {
    await w.addOrder('H1', '18.00', { ref: 'HTTP-1' });
    const admin = async (path: string, body: unknown) => {
      const res = await fetch(`${w.sim.url}/__sim${path}`, { method: 'POST', body: JSON.stringify(body) });
      return { status: res.status, json: (await res.json()) as Record<string, any> };
    };
    expect((await admin('/notifications/hold', {})).status).toBe(200);
    const scan = await admin('/qr/scan', { accessToken: TOKEN, externalReference: 'HTTP-1', amount: '18.00' });
    expect(scan.status).toBe(201);
    expect(scan.json).toMatchObject({ status: 'opened', external_reference: 'HTTP-1', total_amount: 18 });
    const pay = await admin('/qr/pay', { accessToken: TOKEN, merchantOrderId: scan.json.id, status: 'approved' });
    expect(pay.json).toMatchObject({ status: 'approved', transaction_amount: 18, pos_id: 'POS-SIM-1', point_of_interaction: { type: 'INSTORE' } });
    expect((await admin('/notifications/release', { order: 'reverse' })).json).toEqual({ released: 3 });
    expect((await admin('/notifications/drain', {})).json).toEqual({ pending: 0, attempts: 3 });
    const log = (await (await fetch(`${w.sim.url}/__sim/notifications`)).json()) as { attempts: { topic: string; status: number }[] };
    expect(log.attempts.map((a) => [a.topic, a.status])).toEqual([
      ['merchant_order', 200],
      ['payment', 200],
      ['merchant_order', 200],
    ]);
    await w.receiver.worker.drain();
    expect((await w.order('H1')).status).toBe('paid');
  });
});

describe('what the receiver answers', () => {
  it('acknowledges an unknown topic and records it as ignored', async () => {
    const res = await post('?topic=chargebacks&id=123', '{"resource":"123","topic":"chargebacks"}');
    expect(res.status).toBe(200);
    expect(await res.json()).toMatchObject({ status: 'ignored' });
    expect((await notifications()).map((r) => [r.topic, r.status])).toEqual([['chargebacks', 'ignored']]);
    expect(await w.receiver.worker.drain()).toBe(0);
  });

  it('answers 400 to a body that is not JSON or names no resource, 413 above the size limit', async () => {
    expect((await post('?topic=payment&id=1', '{"resource": ')).status).toBe(400);
    expect((await post('?topic=payment', '{}')).status).toBe(400);
    expect((await post('?topic=payment&id=../../v1/x', '{}')).status).toBe(400);
    const big = await post('?topic=payment&id=1', JSON.stringify({ pad: 'x'.repeat(70_000) }));
    expect(big.status).toBe(413);
    expect(await notifications()).toEqual([]);
  });

  it('reads the id from the IPN body when the query lacks it, and from the Webhook form', async () => {
    expect((await post('?topic=merchant_order', '{"resource":"https://api.mercadolibre.com/merchant_orders/4711","topic":"merchant_order"}')).status).toBe(200);
    expect((await post('?data.id=815&type=payment', '{"action":"payment.created","type":"payment","data":{"id":"815"}}')).status).toBe(200);
    expect((await notifications()).map((r) => [r.topic, r.resource_id])).toEqual([
      ['merchant_order', '4711'],
      ['payment', '815'],
    ]);
  });

  it('reports the database in /healthz, and 404 / 405 elsewhere', async () => {
    const health = await fetch(`${w.receiver.url}/healthz`);
    expect(health.status).toBe(200);
    expect(await health.json()).toEqual({ status: 'ok', database: 'reachable' });
    expect((await fetch(`${w.receiver.url}/elsewhere`)).status).toBe(404);
    expect((await fetch(w.notifyUrl)).status).toBe(405);
  });

  it('answers 500 when the notification cannot be recorded, and 503 in /healthz', async () => {
    const pool = new pg.Pool({ connectionString: 'postgres://nobody@127.0.0.1:1/nothing', connectionTimeoutMillis: 500 });
    pool.on('error', () => {});
    const broken = new Kysely<Database>({ dialect: new PostgresDialect({ pool }) });
    const receiver = await startReceiver({ ...w.engine, conn: { ...w.engine.conn, db: broken } }, { port: 0, host: '127.0.0.1', startWorker: false });
    try {
      const res = await fetch(`${receiver.url}${NOTIFICATION_PATH}?topic=payment&id=42`, { method: 'POST', body: '{"resource":"42","topic":"payment"}' });
      expect(res.status).toBe(500);
      const health = await fetch(`${receiver.url}/healthz`);
      expect(health.status).toBe(503);
      expect(await health.json()).toEqual({ status: 'error', database: 'unreachable' });
    } finally {
      await receiver.close();
      await broken.destroy();
    }
  });
});
