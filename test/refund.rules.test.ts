/**
 * MP's refund rules checked before MP is called, over HTTP against the simulator: an amount above the
 * remainder, a payment past the 180-day window, a payment with 20 refunds already — each refused with its
 * code and what to do, with no refund request sent. A refund of all of an untouched payment is sent as
 * MP's total refund, body `{}`; a partial one carries the amount. --dry-run shows the plan and changes
 * nothing; a refund of the whole remainder asks for confirmation, and a "no" refunds nothing.
 */
import { PassThrough } from 'node:stream';
import { Decimal } from 'decimal.js';
import pino from 'pino';
import { beforeEach, describe, expect, it } from 'vitest';
import { refundOrder } from '../jobs/refund-order.ts';
import { askYesNo } from '../cli/confirm.ts';
import { MpClient } from '../src/mp/client.ts';
import type { OrderSyncDeps } from '../src/orders/apply-mp-state.ts';
import { type OrderWorld, TOKEN, useOrderWorld } from './helpers/order-world.ts';
import { runCli } from './helpers/run-cli.ts';
import { testBackend } from './helpers/test-db.ts';

let w: OrderWorld;
useOrderWorld((world) => {
  w = world;
});

/** Refund requests that reached the simulator: payment path and raw body. */
let sent: { path: string; body: string }[];
let deps: OrderSyncDeps;
beforeEach(() => {
  sent = [];
  const recording: typeof fetch = async (input, init) => {
    const url = new URL(String(input));
    if (init?.method === 'POST' && url.pathname.endsWith('/refunds')) sent.push({ path: url.pathname, body: String(init.body ?? '') });
    return fetch(input, init);
  };
  const mp = new MpClient({ baseUrl: w.sim.url, accessToken: TOKEN, log: pino({ level: 'silent' }), sleep: async () => {}, fetch: recording });
  deps = { ...w.deps, mp };
});

async function paidOrder(id: string, amount: string) {
  await w.addOrder(id, amount, { ref: `REF-${id}` });
  const payment = w.pay(w.scan(`REF-${id}`, amount), 'approved');
  await w.settle();
  return payment;
}

describe('refund rules before calling Mercado Pago', () => {
  it('sends {} for a total refund of an untouched payment, and the amount for a partial one', async () => {
    const p = await paidOrder('T1', '300.00');
    await refundOrder(deps, { orderId: 'T1', amount: new Decimal('300.00') });
    expect(sent).toEqual([{ path: `/v1/payments/${p.id}/refunds`, body: '{}' }]);
    expect(w.acct.orders.payments.get(p.id)?.status).toBe('refunded');

    const q = await paidOrder('T2', '300.00');
    await refundOrder(deps, { orderId: 'T2', amount: new Decimal('100.00') });
    await refundOrder(deps, { orderId: 'T2' });
    expect(sent.slice(1).map((s) => s.body)).toEqual(['{"amount":100}', '{"amount":200}']);
    expect(w.acct.orders.payments.get(q.id)?.status).toBe('refunded');
  });

  it('refuses an amount above the remainder, saying how much is left', async () => {
    await paidOrder('R1', '50.00');
    await expect(refundOrder(deps, { orderId: 'R1', amount: new Decimal('50.01') })).rejects.toMatchObject({
      code: 'REFUND_EXCEEDS_REFUNDABLE',
      message: expect.stringContaining('pass --amount 50.00 or less'),
    });
    expect(sent).toEqual([]);
  });

  it('refuses a payment approved more than 180 days ago, saying to return the money another way', async () => {
    await paidOrder('W1', '80.00');
    w.clock.advance(181 * 86_400_000);
    await expect(refundOrder(deps, { orderId: 'W1' })).rejects.toMatchObject({ code: 'REFUND_WINDOW_PASSED', message: expect.stringMatching(/181 days ago.*another way/) });
    expect(sent).toEqual([]);
    expect(await w.t.deps.conn.db.selectFrom('refunds').selectAll().execute()).toEqual([]);
  });

  it('refuses a 21st refund on one payment', async () => {
    await paidOrder('N1', '100.00');
    for (let i = 0; i < 20; i += 1) await refundOrder(deps, { orderId: 'N1', amount: new Decimal('1.00') });
    expect(sent).toHaveLength(20);
    await expect(refundOrder(deps, { orderId: 'N1', amount: new Decimal('1.00') })).rejects.toMatchObject({ code: 'REFUND_LIMIT_REACHED', message: expect.stringContaining('20 refunds') });
    expect(sent).toHaveLength(20);
  });

  it('plans without refunding on a dry run', async () => {
    const p = await paidOrder('D1', '70.00');
    const r = await refundOrder(deps, { orderId: 'D1', dryRun: true });
    expect(r.plan).toEqual({ orderId: 'D1', currency: 'ARS', amount: '70', remaining: '70', wholeRemainder: true, refunds: [{ mpPaymentId: p.id, amount: '70', total: true }] });
    expect(sent).toEqual([]);
    expect((await w.order('D1')).status).toBe('paid');
  });

  it('asks before refunding the whole remainder, and refunds nothing on a no', async () => {
    await paidOrder('C1', '40.00');
    const asked: string[] = [];
    const no = async (plan: { amount: string }) => {
      asked.push(plan.amount);
      return false;
    };
    await expect(refundOrder(deps, { orderId: 'C1', confirm: no })).rejects.toMatchObject({ code: 'REFUND_NOT_CONFIRMED', message: expect.stringContaining('--yes') });
    expect(asked).toEqual(['40']);
    expect(sent).toEqual([]);
    await refundOrder(deps, { orderId: 'C1', amount: new Decimal('10.00'), confirm: no });
    expect(asked).toEqual(['40']);
    expect(sent).toHaveLength(1);
  });

  it('reads yes only from an explicit y or yes on the terminal', async () => {
    const answer = async (text: string) => {
      const input = new PassThrough();
      const output = new PassThrough();
      const pending = askYesNo('refund?', input, output);
      input.end(text);
      return pending;
    };
    expect(await answer('y\n')).toBe(true);
    expect(await answer('YES\n')).toBe(true);
    expect(await answer('\n')).toBe(false);
    expect(await answer('')).toBe(false);
  });

  it.skipIf(testBackend() === 'embedded')('mp-recon refund --dry-run prints the plan per payment', async () => {
    // The CLI judges the refund window on the wall clock: pay now, not in the world's March.
    w.clock.set(new Date());
    const p = await paidOrder('K1', '25.00');
    const env = { ...w.t.cliEnv, MP_BASE_URL: w.sim.url, MP_ACCESS_TOKEN: TOKEN };
    const r = await runCli(['refund', 'K1', '--dry-run'], env);
    expect(r.stderr).toBe('');
    expect(r.stdout).toBe(`dry run: would refund 25 ARS of order K1 (25 remains refundable)\n  payment ${p.id}: 25 (total refund of the payment)\n`);
    expect(r.code).toBe(0);
  });
});
