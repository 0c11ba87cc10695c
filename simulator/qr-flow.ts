/**
 * Admin endpoints that play the buyer's side (no token; loopback only), for tests and shell sessions:
 *
 *   POST /__sim/qr/scan  {accessToken, externalReference, amount, posId?, expiresInMs?}     → 201 merchant order
 *        a buyer scans the POS QR: a new merchant order opens (each scan opens another)
 *   POST /__sim/qr/pay   {accessToken, merchantOrderId, status: approved|rejected, amount?} → 201 payment
 *        a payment attempt on that order (400 order_expired past its expiry, order_closed once paid)
 *   POST /__sim/payments {accessToken, externalReference, amount, status, inPerson?}        → 201 payment
 *        an online payment (Checkout): opens its own merchant order; status pending|in_process|approved|rejected
 *
 * Every change notifies the configured URL and lands in the report ledger (order-flow.ts).
 */
import { jsonExact } from './exact-json-out.ts';
import { fail, parseJson } from './http-io.ts';
import { createPayment, openMerchantOrder, type PaymentInput } from './order-flow.ts';
import { merchantOrderJson, paymentJson } from './order-json.ts';
import { amountField } from './order-routes-common.ts';
import type { BaseContext, RouteModule } from './router.ts';
import type { AccountState } from './account-state.ts';

const STATUSES: readonly PaymentInput['status'][] = ['approved', 'rejected', 'pending', 'in_process'];

export const qrFlowRoutes: RouteModule = (router) => {
  router.admin('POST', '/__sim/qr/scan', (ctx) => {
    const { body, acct } = request(ctx);
    const amount = amountField(body.amount, 'amount') ?? fail(400, 'bad_request', 'amount is required.');
    const expiresInMs = body.expiresInMs;
    if (expiresInMs !== undefined && (typeof expiresInMs !== 'number' || !(expiresInMs > 0))) fail(400, 'bad_request', 'expiresInMs must be a positive number.');
    const order = openMerchantOrder(ctx.state, acct, {
      externalReference: text(body, 'externalReference'),
      amount,
      posId: typeof body.posId === 'string' ? body.posId : 'POS-SIM-1',
      expiresAt: typeof expiresInMs === 'number' ? new Date(ctx.state.now().getTime() + expiresInMs) : null,
    });
    return jsonExact(201, merchantOrderJson(acct, order));
  });

  router.admin('POST', '/__sim/qr/pay', (ctx) => {
    const { body, acct } = request(ctx);
    const amount = amountField(body.amount, 'amount');
    const payment = createPayment(ctx.state, acct, { merchantOrderId: text(body, 'merchantOrderId'), status: status(body), ...(amount ? { amount } : {}) });
    return jsonExact(201, paymentJson(acct, payment));
  });

  router.admin('POST', '/__sim/payments', (ctx) => {
    const { body, acct } = request(ctx);
    const amount = amountField(body.amount, 'amount') ?? fail(400, 'bad_request', 'amount is required.');
    const inPerson = body.inPerson === true;
    const payment = createPayment(ctx.state, acct, { externalReference: text(body, 'externalReference'), amount, status: status(body), inPerson });
    return jsonExact(201, paymentJson(acct, payment));
  });
};

function request(ctx: BaseContext): { body: Record<string, unknown>; acct: AccountState } {
  const body = parseJson(ctx.body) ?? {};
  if (body === null || typeof body !== 'object' || Array.isArray(body)) return fail(400, 'bad_request', 'Body must be a JSON object.');
  const b = body as Record<string, unknown>;
  const token = b.accessToken ?? b.access_token;
  if (typeof token !== 'string') return fail(400, 'bad_request', 'accessToken is required.');
  const acct = ctx.state.accountByToken(token);
  if (!acct) return fail(404, 'not_found', 'No simulated account has that access token; create it first.');
  return { body: b, acct };
}

function text(body: Record<string, unknown>, key: string): string {
  const v = body[key];
  if (typeof v === 'number' && Number.isSafeInteger(v)) return String(v);
  if (typeof v !== 'string' || v === '') return fail(400, 'bad_request', `${key} is required.`);
  return v;
}

function status(body: Record<string, unknown>): PaymentInput['status'] {
  const s = body.status ?? 'approved';
  if (!STATUSES.includes(s as PaymentInput['status'])) return fail(400, 'bad_request', `status must be one of ${STATUSES.join(', ')}.`);
  return s as PaymentInput['status'];
}
