/**
 * Refunds through POST /v1/payments/{id}/refunds: total and partial, over several payments, amounts above
 * what remains refused, MP's refusals recorded; idempotency across a retried command (the answer lost on
 * the way back, the command run again: the simulator sees one refund); the simulator's idempotency
 * rules; the CLI; and a day of simulated traffic with refunds that the nightly reconciliation finds clean.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Decimal } from 'decimal.js';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { acquireReports } from '../jobs/acquire-reports.ts';
import { reconcileWindow } from '../jobs/reconcile-window.ts';
import { refundOrder } from '../jobs/refund-order.ts';
import { ReconError } from '../src/errors.ts';
import { createOrderWorld, type OrderWorld, TOKEN } from './helpers/order-world.ts';
import { runCli } from './helpers/run-cli.ts';
import { testBackend } from './helpers/test-db.ts';

const dataDir = mkdtempSync(join(tmpdir(), 'mp-recon-refund-'));
let w: OrderWorld;
beforeAll(async () => {
  w = await createOrderWorld({ env: { RECON_DATA_DIR: dataDir } });
});
afterAll(async () => {
  expect(w.logLines.filter((l) => l.includes(TOKEN))).toEqual([]);
  await w.close();
  rmSync(dataDir, { recursive: true, force: true });
});
beforeEach(async () => w.reset());

const db = () => w.t.deps.conn.db;

async function paidOrder(id: string, amount: string, parts: string[] = [amount]) {
  await w.addOrder(id, amount, { ref: `REF-${id}` });
  const mo = w.scan(`REF-${id}`, amount);
  const payments = parts.map((part) => w.pay(mo, 'approved', part));
  await w.settle();
  expect((await w.order(id)).status).toBe('paid');
  return payments;
}

async function refundRows() {
  return db().selectFrom('refunds').select(['refund_id', 'mp_payment_id', 'mp_refund_id', 'amount', 'status', 'idempotency_key', 'last_error']).orderBy('refund_id').execute();
}

function failure(promise: Promise<unknown>): Promise<ReconError> {
  return promise.then(
    () => {
      throw new Error('expected a ReconError');
    },
    (e: unknown) => {
      expect(e).toBeInstanceOf(ReconError);
      return e as ReconError;
    },
  );
}

describe('refundOrder', () => {
  it('refunds an order paid with two payments in full, one refund per payment', async () => {
    const [first, second] = await paidOrder('R1', '100.00', ['60.00', '40.00']);
    const r = await refundOrder(w.deps, { orderId: 'R1' });
    expect(r.resumed).toBe(false);
    expect(r.refunds.map((x) => [x.refundId, x.mpPaymentId, x.amount, x.status])).toEqual([
      ['R1-r1', first!.id, '60', 'approved'],
      ['R1-r2', second!.id, '40', 'approved'],
    ]);
    expect(r.orderStatus).toBe('refunded');
    expect([first!.status, second!.status]).toEqual(['refunded', 'refunded']);
  });

  it('refuses an amount above what remains refundable, saying how much remains', async () => {
    await paidOrder('R2', '100.00');
    expect((await refundOrder(w.deps, { orderId: 'R2', amount: new Decimal('40') })).orderStatus).toBe('partially_refunded');
    const err = await failure(refundOrder(w.deps, { orderId: 'R2', amount: new Decimal('70.00') }));
    expect(err.code).toBe('REFUND_EXCEEDS_REFUNDABLE');
    expect(err.message).toBe('order R2: 70.00 is more than what remains refundable, 60.00 (100.00 paid, 40.00 already refunded); pass --amount 60.00 or less');
    expect((await refundRows()).map((r) => r.refund_id)).toEqual(['R2-r1']);
    const rest = await refundOrder(w.deps, { orderId: 'R2' });
    expect(rest.refunds.map((x) => x.amount)).toEqual(['60']);
    const again = await failure(refundOrder(w.deps, { orderId: 'R2' }));
    expect(again.message).toMatch(/already fully refunded/);
  });

  it('refuses an order with nothing paid, and an amount with too many decimals', async () => {
    await w.addOrder('R3', '10.00', { ref: 'REF-R3' });
    expect((await failure(refundOrder(w.deps, { orderId: 'R3' }))).code).toBe('ORDER_NOT_PAID');
    await paidOrder('R4', '10.00');
    expect((await failure(refundOrder(w.deps, { orderId: 'R4', amount: new Decimal('1.005') }))).code).toBe('USAGE');
    expect((await failure(refundOrder(w.deps, { orderId: 'NOPE' }))).code).toBe('ORDER_NOT_FOUND');
  });

  it("records Mercado Pago's refusal as rejected", async () => {
    await paidOrder('R5', '10.00');
    w.sim.state.addFault({ method: 'POST', path: '/v1/payments/*/refunds', type: 'status', status: 400, message: 'Insufficient balance' });
    const err = await failure(refundOrder(w.deps, { orderId: 'R5' }));
    expect(err.code).toBe('REFUND_REJECTED');
    expect(err.message).toMatch(/Mercado Pago refused refund R5-r1 of 10 on payment \d+: Insufficient balance/);
    expect(await refundRows()).toMatchObject([{ refund_id: 'R5-r1', status: 'rejected', mp_refund_id: null }]);
  });
});

describe('a retried refund command', () => {
  it('never refunds twice: the lost answer is recovered with the same idempotency key', async () => {
    const [payment] = await paidOrder('I1', '250.00');
    // The simulator refunds, then the answer is cut short, on both attempts the client makes.
    w.sim.state.addFault({ method: 'POST', path: '/v1/payments/*/refunds', type: 'truncate', times: 2 });
    const err = await failure(refundOrder(w.deps, { orderId: 'I1', amount: new Decimal('100.00'), reason: 'late delivery' }));
    expect(err.code).toBe('REFUND_UNCERTAIN');
    expect(err.message).toMatch(/Run the same command again: it resumes this refund with the same idempotency key/);
    const [pending] = await refundRows();
    expect(pending).toMatchObject({ refund_id: 'I1-r1', status: 'requested', mp_refund_id: null, amount: '100' });
    expect(pending?.idempotency_key).toMatch(/^mp-recon:I1-r1:[0-9a-f-]{36}$/);
    expect(payment!.refunds).toHaveLength(1); // Mercado Pago did refund

    const retried = await refundOrder(w.deps, { orderId: 'I1', amount: new Decimal('100.00'), reason: 'late delivery' });
    expect(retried.resumed).toBe(true);
    expect(retried.refunds).toEqual([{ refundId: 'I1-r1', mpPaymentId: payment!.id, mpRefundId: payment!.refunds[0]!.id, amount: '100', status: 'approved' }]);
    expect(payment!.refunds).toHaveLength(1);
    expect(payment!.refunded.toFixed(2)).toBe('100.00');
    expect([...w.acct.orders.replies.keys()]).toEqual([pending!.idempotency_key]);
    expect(await refundRows()).toMatchObject([{ refund_id: 'I1-r1', status: 'approved', idempotency_key: pending!.idempotency_key, last_error: null }]);
    expect((await w.order('I1')).status).toBe('partially_refunded');
  });
});

describe('the simulated refunds API', () => {
  async function post(paymentId: string, body: string, key?: string) {
    const res = await fetch(`${w.sim.url}/v1/payments/${paymentId}/refunds`, {
      method: 'POST',
      headers: { authorization: `Bearer ${TOKEN}`, 'content-type': 'application/json', ...(key ? { 'x-idempotency-key': key } : {}) },
      body,
    });
    return { status: res.status, json: (await res.json()) as Record<string, unknown>, text: '' };
  }

  it('requires X-Idempotency-Key, replays a repeated key and refuses it for another request', async () => {
    const [payment] = await paidOrder('K1', '50.00');
    expect((await post(payment!.id, '{"amount": 5}')).status).toBe(400);
    const first = await post(payment!.id, '{"amount": 5.5}', 'k-1');
    expect(first.status).toBe(201);
    const replay = await post(payment!.id, '{"amount": 5.5}', 'k-1');
    expect(replay).toEqual(first);
    expect((await post(payment!.id, '{"amount": 6}', 'k-1')).status).toBe(409);
    expect(payment!.refunds.map((r) => r.amount.toFixed(2))).toEqual(['5.50']);
    const over = await post(payment!.id, '{"amount": 45}', 'k-2');
    expect(over.status).toBe(400);
    expect(over.json.message).toMatch(/exceeds what is left of payment/);
  });
});

describe('mp-recon refund', () => {
  // The embedded database serves one process at a time and this file holds it open.
  it.skipIf(testBackend() === 'embedded')('refunds part of an order from the command line', async () => {
    // The CLI judges MP's 180-day refund window on the wall clock: pay now, not in the world's March.
    w.clock.set(new Date());
    const [payment] = await paidOrder('CLI1', '80.00');
    const r = await runCli(['refund', 'CLI1', '--amount', '12.30', '--reason', 'damaged box'], { ...w.t.cliEnv, MP_BASE_URL: w.sim.url, MP_ACCESS_TOKEN: TOKEN });
    expect(r.stderr).toBe('');
    expect(r.stdout).toBe(`refund CLI1-r1: 12.3 on payment ${payment!.id} -> approved (Mercado Pago refund ${payment!.refunds[0]!.id})\norder CLI1 is now partially_refunded\n`);
    expect(r.code).toBe(0);
    expect(await refundRows()).toMatchObject([{ refund_id: 'CLI1-r1', amount: '12.3', status: 'approved' }]);
  });
});

describe('a day of simulated traffic with refunds', () => {
  it('reconciles with no mismatch the next morning', async () => {
    await paidOrder('A', '150.00');
    await w.addOrder('B', '80.50', { ref: 'REF-B' });
    const moB = w.scan('REF-B', '80.50');
    w.pay(moB, 'rejected');
    w.pay(moB, 'approved');
    await paidOrder('D', '200.00');
    await paidOrder('E', '60.00');
    await paidOrder('F', '100.00', ['70.00', '30.00']);
    await w.addOrder('G', '35.00', { ref: 'REF-G' });
    w.scan('REF-G', '35.00', 5 * 60_000);
    await w.addOrder('H', '99.90', { ref: 'REF-H' });
    await fetch(`${w.sim.url}/__sim/payments`, { method: 'POST', body: JSON.stringify({ accessToken: TOKEN, externalReference: 'REF-H', amount: '99.90', status: 'approved' }) });
    w.clock.advance(3 * 3_600_000);
    await refundOrder(w.deps, { orderId: 'D', amount: new Decimal('50.00') });
    await refundOrder(w.deps, { orderId: 'E' });
    await refundOrder(w.deps, { orderId: 'F', amount: new Decimal('30.00') });
    await w.settle();
    expect(Object.fromEntries(await Promise.all(['A', 'B', 'D', 'E', 'F', 'G', 'H'].map(async (id) => [id, (await w.order(id)).status])))).toEqual({
      A: 'paid', B: 'paid', D: 'partially_refunded', E: 'refunded', F: 'partially_refunded', G: 'cancelled', H: 'paid',
    });

    w.clock.set('2026-03-03T07:30:00Z'); // 04:30 in Buenos Aires, when the nightly cycle runs
    const fetched = await acquireReports({ ...w.deps, sleep: async () => {} }, { from: '2026-03-02', to: '2026-03-02', kind: 'settlement' });
    expect(fetched).toMatchObject({ status: 'done', rowsStored: 10, rowsRejected: 0 }); // 7 payments, 3 refunds
    const result = await reconcileWindow(w.deps, { from: '2026-03-02', to: '2026-03-02' });
    expect(result.byKind).toEqual({});
    expect(result.found).toBe(0);
    expect(result.ordersInScope).toBe(6);
  });
});
