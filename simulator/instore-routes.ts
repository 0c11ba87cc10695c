/**
 * In-store QR orders and the seller's identity: GET /users/me (id, site_id, ...) and
 * DELETE /instore/qr/seller/collectors/{user_id}/pos/{external_pos_id}/orders, which removes the order
 * the POS's QR shows (MP answers 204 with no body; 400 invalid_collectorId when user_id is not a number).
 * The simulator removes the newest opened, unpaid merchant order of that POS: a scan then finds nothing
 * to pay (MP's QR test case 7). Deleting when the POS shows nothing is still 204 (MP's answer for it is
 * unconfirmed).
 */
import { describeAccount } from './accounts.ts';
import { fail, json, type SimResponse } from './http-io.ts';
import type { RouteModule } from './router.ts';

export const instoreRoutes: RouteModule = (router) => {
  router.api('GET', '/users/me', (ctx) => json(200, { ...describeAccount(ctx.account.account), nickname: `SIM${ctx.account.account.userId}` }));

  router.api('DELETE', '/instore/qr/seller/collectors/:userId/pos/:posId/orders', (ctx) => {
    const userId = ctx.params.userId ?? '';
    if (!/^\d+$/.test(userId)) fail(400, 'invalid_collectorId', 'user_id must be a number.');
    if (userId !== String(ctx.account.account.userId)) fail(400, 'invalid_access_token', 'Access denied.');
    const posId = ctx.params.posId ?? '';
    if (posId === '') fail(400, 'invalid_externalPosId', 'externalPosId must be present.');
    const shown = [...ctx.account.orders.merchantOrders.values()]
      .filter((o) => o.posId === posId && o.status === 'opened' && !o.removedFromPos)
      .sort((a, b) => Number(b.id) - Number(a.id))[0];
    if (shown) {
      shown.removedFromPos = true;
      shown.lastUpdated = ctx.state.now();
    }
    return { status: 204, headers: {}, body: Buffer.alloc(0) } satisfies SimResponse;
  });
};
