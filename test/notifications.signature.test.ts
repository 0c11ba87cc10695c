/**
 * Webhooks signed with x-signature when MP_WEBHOOK_SECRET is set: the simulator signs with its own
 * implementation of MP's scheme, the receiver verifies with another; ts in milliseconds or seconds; a
 * wrong secret, a missing signature or a ts outside the window (RECON_WEBHOOK_MAX_AGE_SECONDS; 0 = none)
 * gets 401, is recorded as rejected and never processed.
 * Neither the access token nor the secret reaches a log line or the notifications table.
 */
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { signWebhook } from '../simulator/notification-signing.ts';
import { createOrderWorld, type OrderWorld, TOKEN } from './helpers/order-world.ts';

const SECRET = 'whsec-3f9a1c7e-order-sync-secret';

let w: OrderWorld;
beforeAll(async () => {
  w = await createOrderWorld({ secret: SECRET, mode: 'webhook', simSecret: SECRET });
});
afterAll(async () => {
  expect(w.logLines.filter((l) => l.includes(TOKEN) || l.includes(SECRET))).toEqual([]);
  const stored = await w.t.deps.conn.pool.query('select query::text || coalesce(body::text, \'\') as text from notifications');
  expect(stored.rows.filter((r: { text: string }) => r.text.includes(SECRET))).toEqual([]);
  await w.close();
});
beforeEach(async () => w.reset());

/** The payment's notifications (merchant orders are sent as Webhooks too, and checked the same way). */
async function rows() {
  return w.t.deps.conn.db.selectFrom('notifications').select(['topic', 'status', 'signature_valid', 'deliveries', 'last_error']).where('topic', '=', 'payment').orderBy('id').execute();
}

const paymentAttempts = () => w.sim.state.notifier.attempts.filter((a) => a.topic === 'payment');

describe('x-signature on Webhooks', () => {
  it.each(['ms', 's'] as const)('accepts a valid signature with ts in %s and processes the payment', async (tsUnit) => {
    w.sim.state.notifier.configure({ tsUnit });
    await w.addOrder('S1', '33.30', { ref: 'SIG-1' });
    w.pay(w.scan('SIG-1', '33.30'), 'approved');
    await w.settle();
    expect(paymentAttempts().map((a) => [a.channel, a.status])).toEqual([['webhook', 200]]);
    expect(await rows()).toEqual([{ topic: 'payment', status: 'processed', signature_valid: true, deliveries: 1, last_error: null }]);
    expect((await w.order('S1')).status).toBe('paid');
  });

  it('answers 401 to a wrong secret, records the delivery as rejected and never processes it', async () => {
    w.sim.state.notifier.configure({ secret: 'someone-elses-secret' });
    await w.addOrder('S2', '12.00', { ref: 'SIG-2' });
    w.pay(w.scan('SIG-2', '12.00'), 'approved');
    await w.settle();
    expect(paymentAttempts().map((a) => a.status)).toEqual([401, 401, 401, 401]);
    expect(await rows()).toEqual([{ topic: 'payment', status: 'rejected', signature_valid: false, deliveries: 4, last_error: 'x-signature mismatch' }]);
    expect((await w.order('S2')).status).toBe('pending');
    expect(await w.t.deps.conn.db.selectFrom('order_payments').selectAll().execute()).toEqual([]);
  });

  it('answers 401 to a Webhook without a signature and to one signed too long ago', async () => {
    const url = `${w.notifyUrl}?data.id=9001&type=payment`;
    const body = JSON.stringify({ type: 'payment', action: 'payment.updated', data: { id: '9001' } });
    const unsigned = await fetch(url, { method: 'POST', body });
    expect(unsigned.status).toBe(401);

    // Beyond the default window (8 days), which outlasts MP's whole retry schedule.
    const old = String(w.clock.now().getTime() - 9 * 86_400_000);
    const stale = await fetch(url, { method: 'POST', body, headers: { 'x-request-id': 'req-1', 'x-signature': signWebhook(SECRET, '9001', 'req-1', old) } });
    expect(stale.status).toBe(401);
    expect(await stale.json()).toEqual({ error: 'invalid signature (x-signature stale)' });

    const tampered = signWebhook(SECRET, '9002', 'req-2', String(w.clock.now().getTime()));
    const moved = await fetch(url, { method: 'POST', body, headers: { 'x-request-id': 'req-2', 'x-signature': tampered } });
    expect(moved.status).toBe(401);

    expect((await rows()).map((r) => [r.status, r.deliveries])).toEqual([['rejected', 3]]);
    expect(await w.receiver.worker.drain()).toBe(0);
  });

  it('lowercases an alphanumeric data.id in the manifest, as MP does', async () => {
    const id = 'ORD01JQ4S4KY8HWQ6NA5PXB65B3D3';
    const ts = String(w.clock.now().getTime());
    const res = await fetch(`${w.notifyUrl}?data.id=${id}&type=order`, {
      method: 'POST',
      body: JSON.stringify({ type: 'order', data: { id } }),
      headers: { 'x-request-id': 'req-3', 'x-signature': signWebhook(SECRET, id, 'req-3', ts) },
    });
    expect(res.status).toBe(200);
    expect(await res.json()).toMatchObject({ status: 'ignored' });
  });

  it('accepts an unsigned IPN (MP does not sign them): it only triggers a fetch from the API', async () => {
    w.sim.state.notifier.configure({ mode: 'ipn' });
    await w.addOrder('S3', '8.00', { ref: 'SIG-3' });
    w.pay(w.scan('SIG-3', '8.00'), 'approved');
    await w.settle();
    const all = await w.t.deps.conn.db.selectFrom('notifications').select(['topic', 'status', 'signature_valid']).orderBy('id').execute();
    expect(all.map((r) => [r.topic, r.status, r.signature_valid])).toEqual([
      ['merchant_order', 'processed', null],
      ['payment', 'processed', null],
    ]);
    expect((await w.order('S3')).status).toBe('paid');
  });
});

describe('the x-signature timestamp window', () => {
  async function post(world: OrderWorld, ageMs: number, id: string): Promise<number> {
    const ts = String(world.clock.now().getTime() - ageMs);
    const res = await fetch(`${world.notifyUrl}?data.id=${id}&type=payment`, {
      method: 'POST',
      body: JSON.stringify({ type: 'payment', action: 'payment.updated', data: { id } }),
      headers: { 'x-request-id': `req-${id}`, 'x-signature': signWebhook(SECRET, id, `req-${id}`, ts) },
    });
    await res.arrayBuffer();
    return res.status;
  }

  it('accepts by default a retry that kept its first ts for days (MP retries a Webhook for up to about 6 days)', async () => {
    expect(await post(w, 6.5 * 86_400_000, '9101')).toBe(200);
  });

  it('accepts any age when the window is 0, and rejects beyond a window an operator set', async () => {
    const off = await createOrderWorld({ secret: SECRET, mode: 'webhook', simSecret: SECRET, env: { RECON_WEBHOOK_MAX_AGE_SECONDS: '0' } });
    const tight = await createOrderWorld({ secret: SECRET, mode: 'webhook', simSecret: SECRET, env: { RECON_WEBHOOK_MAX_AGE_SECONDS: '300' } });
    try {
      expect(await post(off, 60 * 86_400_000, '9102')).toBe(200);
      expect(await post(tight, 301_000, '9103')).toBe(401);
      expect(await post(tight, 299_000, '9104')).toBe(200);
    } finally {
      await off.close();
      await tight.close();
    }
  });
});
