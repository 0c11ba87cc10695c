/**
 * `mp-recon cancel ORDER_ID` (jobs/cancel-order.ts): cancels the pending online payments of an unpaid
 * order at Mercado Pago and marks the order cancelled. In-person (QR/Point) payments are refused: those
 * can only be refunded.
 */
import { cancelOrder } from '../../../jobs/cancel-order.ts';
import { ReconError } from '../../errors.ts';
import type { Command } from '../command.ts';
import { orderSyncDeps, withMpErrors } from '../order-support.ts';

export const cancelCommand: Command = {
  usage: 'cancel ORDER_ID',
  flags: {},
  flagHelp: [],
  details: 'Only pending online payments can be cancelled; approved or in-person (QR/Point) payments are refunded instead (mp-recon refund).',
  async run(ctx) {
    const [orderId, ...extra] = ctx.args;
    if (!orderId || extra.length > 0) throw new ReconError('USAGE', 'usage: mp-recon cancel ORDER_ID');
    const deps = orderSyncDeps(await ctx.deps());
    return withMpErrors(ctx, 'cancel', async () => {
      const r = await cancelOrder(deps, orderId);
      ctx.out.write(`cancelled payment(s) ${r.cancelled.join(', ')}; order ${orderId} is now ${r.orderStatus}\n`);
      return 0;
    });
  },
};
