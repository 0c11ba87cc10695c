/**
 * Payments API (§6): GET /v1/payments/search (external_reference, paging, sort by date_created),
 * GET /v1/payments/{id} (404 with cause code 2000), PUT /v1/payments/{id} {"status":"cancelled"}
 * (pending online payments only; in-person and approved ones answer 400).
 */
import { jsonExact } from './exact-json-out.ts';
import { fail, parseJson } from './http-io.ts';
import { cancelPayment } from './order-flow.ts';
import { paymentJson } from './order-json.ts';
import { findPayment, paging } from './order-routes-common.ts';
import type { RouteModule } from './router.ts';

export const paymentRoutes: RouteModule = (router) => {
  // Registered before /v1/payments/:id, which would otherwise take "search" for an id.
  router.api('GET', '/v1/payments/search', (ctx) => {
    const sort = ctx.query.get('sort') ?? 'date_created';
    if (!['date_created', 'date_approved', 'date_last_updated', 'money_release_date'].includes(sort)) fail(400, 'bad_request', 'Invalid sort value.', [{ code: 1003, description: 'Invalid sort value.' }]);
    const criteria = ctx.query.get('criteria') ?? 'desc';
    if (criteria !== 'asc' && criteria !== 'desc') fail(400, 'bad_request', 'Invalid criteria value.', [{ code: 1004, description: 'Invalid criteria value.' }]);
    const { limit, offset } = paging(ctx, 30, 1000);
    const reference = ctx.query.get('external_reference');
    const all = [...ctx.account.orders.payments.values()]
      .filter((p) => reference === null || p.externalReference === reference)
      .sort((a, b) => (criteria === 'asc' ? 1 : -1) * (a.createdAt.getTime() - b.createdAt.getTime() || Number(a.id) - Number(b.id)));
    const results = all.slice(offset, offset + limit).map((p) => paymentJson(ctx.account, p));
    return jsonExact(200, { paging: { total: all.length, limit, offset }, results });
  });

  router.api('GET', '/v1/payments/:id', (ctx) => jsonExact(200, paymentJson(ctx.account, findPayment(ctx))));

  router.api('PUT', '/v1/payments/:id', (ctx) => {
    const payment = findPayment(ctx);
    const body = parseJson(ctx.body);
    const status = body !== null && typeof body === 'object' ? (body as Record<string, unknown>).status : undefined;
    if (status !== 'cancelled') fail(400, 'bad_request', 'Only {"status":"cancelled"} is supported by the simulator.');
    return jsonExact(200, paymentJson(ctx.account, cancelPayment(ctx.state, ctx.account, payment)));
  });
};
