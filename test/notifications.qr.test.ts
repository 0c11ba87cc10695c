/**
 * The QR integration cases Mercado Pago asks in-person merchants to validate (§8 of mercadopago-api.md),
 * end to end: the simulator plays the buyer (scans, payment attempts, expiry) and sends IPN
 * notifications over HTTP to the real receiver, which records them and processes them against the
 * simulator's API into the test database.
 */
import { describe, expect, it } from 'vitest';
import { cancelOrder } from '../jobs/cancel-order.ts';
import { refundOrder } from '../jobs/refund-order.ts';
import { type OrderWorld, TOKEN, useOrderWorld } from './helpers/order-world.ts';
import { Decimal } from 'decimal.js';
import { ReconError } from '../src/errors.ts';

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

describe('QR cases 4 and 5: rejected, then approved', () => {
  it('keeps the order pending after a rejection and pays it with the second attempt', async () => {
    await w.addOrder('Q2', '300.00', { ref: 'QR-2' });
    const mo = w.scan('QR-2', '300.00');
    const rejected = w.pay(mo, 'rejected');
    await w.settle();
    expect((await w.order('Q2')).status).toBe('pending');
    expect(mo.status).toBe('opened');
    expect((await payments('Q2')).map((p) => p.status)).toEqual(['rejected']);

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

describe('QR case 7: cancel', () => {
  it('is refused for an in-person payment, which can only be refunded', async () => {
    await w.addOrder('Q5', '45.00', { ref: 'QR-5' });
    w.pay(w.scan('QR-5', '45.00'), 'rejected');
    await w.settle();
    const err = await cancelOrder(w.deps, 'Q5').catch((e: unknown) => e);
    expect(err).toBeInstanceOf(ReconError);
    expect((err as ReconError).code).toBe('CANCEL_IN_PERSON');
    expect((err as ReconError).message).toMatch(/in person \(QR\/Point.*can only be refunded/);
    expect((await w.order('Q5')).status).toBe('pending');
  });

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
    expect(r).toEqual({ cancelled: [String(payment.id)], orderStatus: 'cancelled' });
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
