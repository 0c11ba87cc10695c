/**
 * The QR integration cases Mercado Pago asks in-person merchants to validate, numbered as MP numbers them
 * (docs/order-sync.md lists all eight; cases 1 and 2 belong to the POS that shows the QR), end to end: the simulator plays the buyer (scans, payment attempts, expiry) and sends IPN
 * notifications over HTTP to the real receiver, which records them and processes them against the
 * simulator's API into the test database.
 */
import { describe, expect, it } from 'vitest';
import { cancelOrder } from '../jobs/cancel-order.ts';
import { refundOrder } from '../jobs/refund-order.ts';
import { type OrderWorld, TOKEN, useOrderWorld } from './helpers/order-world.ts';
import { Decimal } from 'decimal.js';
import type { ReconError } from '../src/errors.ts';

let w: OrderWorld;
useOrderWorld((world) => {
  w = world;
});

async function payments(orderId: string) {
  return w.t.deps.conn.db.selectFrom('order_payments').selectAll().where('order_id', '=', orderId).orderBy('mp_payment_id').execute();
}

async function notificationRows() {
  return w.t.deps.conn.db.selectFrom('notifications').select(['topic', 'resource_id', 'status', 'deliveries', 'channel']).orderBy('id').execute();
}

describe('QR case 3: an approved payment', () => {
  it('makes the order paid, exactly to the cent, from the merchant_order notification', async () => {
    // 16 significant digits: a float would read 90071992547409.94.
    await w.addOrder('Q1', '90071992547409.93', { ref: 'QR-1' });
    const mo = w.scan('QR-1', '90071992547409.93');
    const payment = w.pay(mo, 'approved');
    await w.settle();

    const order = await w.order('Q1');
    expect(order.status).toBe('paid');
    expect(order.paid_at).toEqual(payment.approvedAt);
    expect(order.mp_merchant_order_id).toBe(mo.id);
    const rows = await payments('Q1');
    expect(rows.map((p) => [p.mp_payment_id, p.amount, p.status, p.source])).toEqual([[payment.id, '90071992547409.93', 'approved', 'notification']]);
    expect(mo.status).toBe('closed');
    const notes = await notificationRows();
    expect(notes.filter((n) => n.status !== 'processed')).toEqual([]);
    expect(notes.map((n) => `${n.channel}:${n.topic}`).sort()).toEqual(['ipn:merchant_order', 'ipn:payment']);
  });
});

/** An order scanned at POS-1 and a first attempt the buyer's card rejected, all notified. */
async function rejectedAttempt(id: string) {
  await w.addOrder(id, '300.00', { ref: `QR-${id}` });
  const mo = w.scan(`QR-${id}`, '300.00');
  const rejected = w.pay(mo, 'rejected');
  await w.settle();
  expect((await w.order(id)).status).toBe('pending');
  return { mo, rejected };
}

describe('QR case 4: a rejected payment', () => {
  it('keeps the order pending and the merchant order opened, with the rejection recorded', async () => {
    const { mo, rejected } = await rejectedAttempt('Q2R');
    expect(mo.status).toBe('opened');
    expect((await payments('Q2R')).map((p) => [p.mp_payment_id, p.status])).toEqual([[rejected.id, 'rejected']]);
  });
});

describe('QR case 5: a second attempt, rejected then approved', () => {
  it('records both attempts and pays the order with the second, without deleting it after the rejection', async () => {
    const { mo, rejected } = await rejectedAttempt('Q2');
    expect(mo.removedFromPos).toBeFalsy();

    const approved = w.pay(mo, 'approved');
    await w.settle();
    expect((await w.order('Q2')).status).toBe('paid');
    expect((await payments('Q2')).map((p) => [p.mp_payment_id, p.status])).toEqual([
      [rejected.id, 'rejected'],
      [approved.id, 'approved'],
    ]);
  });
});

describe('QR case 6: refund', () => {
  it('refunds part, then the rest, once each at Mercado Pago, and the order follows', async () => {
    await w.addOrder('Q3', '200.00', { ref: 'QR-3' });
    const mo = w.scan('QR-3', '200.00');
    const payment = w.pay(mo, 'approved');
    await w.settle();

    const partial = await refundOrder(w.deps, { orderId: 'Q3', amount: new Decimal('50.25'), reason: 'one item returned' });
    expect(partial.orderStatus).toBe('partially_refunded');
    await w.settle(); // the refund's own notifications must not record it a second time
    const rest = await refundOrder(w.deps, { orderId: 'Q3' });
    expect(rest.refunds.map((r) => r.amount)).toEqual(['149.75']);
    await w.settle();

    expect(payment.refunds.map((r) => r.amount.toFixed(2))).toEqual(['50.25', '149.75']);
    expect(payment.status).toBe('refunded');
    const refunds = await w.t.deps.conn.db.selectFrom('refunds').select(['refund_id', 'amount', 'status', 'origin', 'reason', 'mp_refund_id']).orderBy('refund_id').execute();
    expect(refunds).toEqual([
      { refund_id: 'Q3-r1', amount: '50.25', status: 'approved', origin: 'command', reason: 'one item returned', mp_refund_id: payment.refunds[0]!.id },
      { refund_id: 'Q3-r2', amount: '149.75', status: 'approved', origin: 'command', reason: null, mp_refund_id: payment.refunds[1]!.id },
    ]);
    expect((await w.order('Q3')).status).toBe('refunded');
    // Both refunds are in the ledger the settlement report is generated from.
    expect(w.acct.ledger.reversalsOf(payment.id).map((m) => m.amount.toFixed(2))).toEqual(['50.25', '149.75']);
  });

  it('records a refund made at the POS, outside mp-recon, from its notification', async () => {
    await w.addOrder('Q4', '80.00', { ref: 'QR-4' });
    const mo = w.scan('QR-4', '80.00');
    const payment = w.pay(mo, 'approved');
    await w.settle();
    const res = await fetch(`${w.sim.url}/v1/payments/${payment.id}/refunds`, {
      method: 'POST',
      headers: { authorization: `Bearer ${TOKEN}`, 'x-idempotency-key': 'pos-refund-1', 'content-type': 'application/json' },
      body: '{"amount": 30}',
    });
    expect(res.status).toBe(201);
    await w.settle();
    const refunds = await w.t.deps.conn.db.selectFrom('refunds').select(['refund_id', 'amount', 'origin', 'status']).execute();
    expect(refunds).toEqual([{ refund_id: `mp-${payment.refunds[0]!.id}`, amount: '30', origin: 'mercadopago', status: 'approved' }]);
    expect((await w.order('Q4')).status).toBe('partially_refunded');
  });
});

describe('QR case 7: the buyer pays cash, the order is cancelled and deleted from the POS', () => {
  it('deletes the QR order from its POS at Mercado Pago and cancels the order; a scan then finds nothing to pay', async () => {
    // A failed attempt before the buyer chose cash does not stand in the way.
    const { mo } = await rejectedAttempt('Q5');
    const r = await cancelOrder(w.deps, 'Q5');
    expect(r).toEqual({ cancelled: [], removedFromPos: ['POS-1'], orderStatus: 'cancelled' });
    expect(mo.removedFromPos).toBe(true);
    expect((await w.order('Q5')).status).toBe('cancelled');
    expect(() => w.pay(mo, 'approved')).toThrow(/deleted from its POS/);
  });

  it('is refused while an in-person payment is approved (refund instead) or in process (wait), with the refund hint only when approved', async () => {
    await w.addOrder('Q6', '45.00', { ref: 'QR-6' });
    w.pay(w.scan('QR-6', '45.00'), 'in_process');
    await w.settle();
    const waiting = await cancelOrder(w.deps, 'Q6').catch((e: unknown) => e as ReconError);
    expect(waiting).toMatchObject({ code: 'CANCEL_PAYMENT_IN_PROGRESS', message: expect.stringContaining('wait for its outcome') });
    expect((waiting as ReconError).message).not.toContain('refund');

    await w.addOrder('Q7', '45.00', { ref: 'QR-7' });
    const mo = w.scan('QR-7', '45.00');
    w.sim.state.notifier.hold();
    w.pay(mo, 'approved');
    w.sim.state.notifier.release({ drop: true });
    const paid = await cancelOrder(w.deps, 'Q7').catch((e: unknown) => e as ReconError);
    expect(paid).toMatchObject({ code: 'CANCEL_NOT_ALLOWED', message: expect.stringContaining('mp-recon refund Q7') });
    expect(mo.removedFromPos).toBeFalsy();
  });
});

describe('cancel of an online order (not one of the QR cases)', () => {
  it('cancels a pending online payment and the order', async () => {
    await w.addOrder('W1', '99.90', { ref: 'WEB-1' });
    const res = await fetch(`${w.sim.url}/__sim/payments`, {
      method: 'POST',
      body: JSON.stringify({ accessToken: TOKEN, externalReference: 'WEB-1', amount: '99.90', status: 'pending' }),
    });
    expect(res.status).toBe(201);
    const payment = (await res.json()) as { id: number };
    await w.settle();
    const r = await cancelOrder(w.deps, 'W1');
    expect(r).toEqual({ cancelled: [String(payment.id)], removedFromPos: [], orderStatus: 'cancelled' });
    expect(w.acct.orders.payments.get(String(payment.id))?.status).toBe('cancelled');
    await w.settle();
    expect((await w.order('W1')).status).toBe('cancelled');
  });
});

describe('QR case 8: expired order', () => {
  it('refuses a payment after the expiry and cancels the order; a new scan paid later still wins', async () => {
    await w.addOrder('Q6', '120.00', { ref: 'QR-6' });
    const mo = w.scan('QR-6', '120.00', 10 * 60_000);
    w.clock.advance(11 * 60_000);
    const res = await fetch(`${w.sim.url}/__sim/qr/pay`, { method: 'POST', body: JSON.stringify({ accessToken: TOKEN, merchantOrderId: mo.id, status: 'approved' }) });
    expect(res.status).toBe(400);
    expect(((await res.json()) as { error: string }).error).toBe('order_expired');
    await w.settle();
    expect((await w.order('Q6')).status).toBe('cancelled');
    expect(await payments('Q6')).toEqual([]);

    w.pay(w.scan('QR-6', '120.00'), 'approved');
    await w.settle();
    expect((await w.order('Q6')).status).toBe('paid');
  });
});
