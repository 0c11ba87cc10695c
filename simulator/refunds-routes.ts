/**
 * Refunds API (§6): POST /v1/payments/{id}/refunds (empty body or {} = total, {"amount": n} = partial),
 * GET the list or one refund. X-Idempotency-Key is required (400 without it); the same key with the
 * same request replays the first answer, so a retried call never refunds twice; the same key with a
 * different request is a 409.
 */
import { jsonExact } from './exact-json-out.ts';
import { fail, parseJson, type SimResponse, SimHttpError } from './http-io.ts';
import { refundPayment } from './order-flow.ts';
import { refundJson } from './order-json.ts';
import { amountField, findPayment } from './order-routes-common.ts';
import type { ApiContext, RouteModule } from './router.ts';

export const refundRoutes: RouteModule = (router) => {
  router.api('POST', '/v1/payments/:id/refunds', (ctx) => createRefund(ctx));

  router.api('GET', '/v1/payments/:id/refunds', (ctx) => {
    const payment = findPayment(ctx);
    return jsonExact(200, payment.refunds.map((r) => refundJson(ctx.account, r)));
  });

  router.api('GET', '/v1/payments/:id/refunds/:refundId', (ctx) => {
    const refund = findPayment(ctx).refunds.find((r) => r.id === ctx.params.refundId);
    if (!refund) return fail(404, 'not_found', 'Refund not found', [{ code: 2000, description: 'Refund not found' }]);
    return jsonExact(200, refundJson(ctx.account, refund));
  });
};

function createRefund(ctx: ApiContext): SimResponse {
  const header = ctx.headers['x-idempotency-key'];
  const key = Array.isArray(header) ? header[0] : header;
  if (!key || key.trim() === '') {
    return fail(400, 'bad_request', 'Header X-Idempotency-Key is required.', [{ code: 'missing_idempotency_key', description: 'X-Idempotency-Key header is required' }]);
  }
  const body = parseJson(ctx.body) ?? {};
  if (body === null || typeof body !== 'object' || Array.isArray(body)) return fail(400, 'bad_request', 'Body must be a JSON object.');
  const fields = body as Record<string, unknown>;
  const amount = amountField(fields.amount, 'amount');
  const fingerprint = `${ctx.params.id}|${amount?.toFixed() ?? 'total'}`;
  const replies = ctx.account.orders.replies;
  const earlier = replies.get(key);
  if (earlier) {
    if (earlier.fingerprint !== fingerprint) {
      return fail(409, 'conflict', 'X-Idempotency-Key was already used for a different request.', [{ code: 'idempotency_key_conflict', description: 'key reused with another body' }]);
    }
    return earlier.response;
  }
  let response: SimResponse;
  try {
    const payment = findPayment(ctx);
    const reason = typeof fields.reason === 'string' ? fields.reason : null;
    response = jsonExact(201, refundJson(ctx.account, refundPayment(ctx.state, ctx.account, payment, amount, reason)));
  } catch (err) {
    if (!(err instanceof SimHttpError)) throw err;
    response = err.response;
  }
  replies.set(key, { fingerprint, response });
  return response;
}
