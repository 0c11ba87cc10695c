/**
 * Merchant orders API (§5): GET /merchant_orders/search (external_reference, status, limit/offset;
 * answers {elements, next_offset, total}) and GET /merchant_orders/{id}. Reading an opened order past its
 * expiry turns it expired first, as the QR flow would have.
 */
import { jsonExact } from './exact-json-out.ts';
import { refreshExpiry } from './order-flow.ts';
import { merchantOrderJson } from './order-json.ts';
import { findMerchantOrder, paging } from './order-routes-common.ts';
import type { RouteModule } from './router.ts';

export const merchantOrderRoutes: RouteModule = (router) => {
  router.api('GET', '/merchant_orders/search', (ctx) => {
    const { limit, offset } = paging(ctx, 10, 100);
    const reference = ctx.query.get('external_reference');
    const status = ctx.query.get('status');
    const all = [...ctx.account.orders.merchantOrders.values()].filter((o) => reference === null || o.externalReference === reference);
    for (const order of all) refreshExpiry(ctx.state, ctx.account, order);
    const matching = all.filter((o) => status === null || o.status === status).sort((a, b) => Number(a.id) - Number(b.id));
    const elements = matching.slice(offset, offset + limit).map((o) => merchantOrderJson(ctx.account, o));
    return jsonExact(200, { elements, next_offset: offset + elements.length, total: matching.length });
  });

  router.api('GET', '/merchant_orders/:id', (ctx) => {
    const order = findMerchantOrder(ctx);
    refreshExpiry(ctx.state, ctx.account, order);
    return jsonExact(200, merchantOrderJson(ctx.account, order));
  });
};
