/**
 * `mp-recon cancel ORDER_ID [--pos EXTERNAL_POS_ID]` (jobs/cancel-order.ts): cancels an unpaid order at
 * Mercado Pago — deletes the QR order its POS shows and cancels its pending online payments — and marks
 * the order cancelled. A paid order is refunded instead; an in-person payment in process is waited for.
 */
import { cancelOrder } from '../../jobs/cancel-order.ts';
import { ReconError } from '../../src/errors.ts';
import { stringFlag } from '../args.ts';
import type { Command } from '../command.ts';
import { orderSyncDeps, withMpErrors } from '../order-support.ts';

export const cancelCommand: Command = {
  accounts: 'one',
  usage: 'cancel ORDER_ID [--account ID] [--pos EXTERNAL_POS_ID]',
  flags: { pos: { type: 'string' } },
  flagHelp: [['--pos ID', "the POS (external_pos_id) whose QR shows the order, when its merchant order does not name it"]],
  details: [
    'For a QR order the buyer paid in cash: the QR order is deleted from the POS, so a scan shows the waiting screen.',
    'Refused while a payment is approved (refund it: mp-recon refund) or an in-person payment is in process (wait for it).',
  ].join('\n'),
  async run(ctx) {
    const [orderId, ...extra] = ctx.args;
    if (!orderId || extra.length > 0) throw new ReconError('USAGE', 'usage: mp-recon cancel ORDER_ID [--account ID] [--pos EXTERNAL_POS_ID]');
    const posId = stringFlag(ctx.flags, 'pos');
    const deps = orderSyncDeps(await ctx.deps());
    return withMpErrors(ctx, 'cancel', async () => {
      const r = await cancelOrder(deps, orderId, posId === undefined ? {} : { posId });
      const what = [
        ...(r.removedFromPos.length > 0 ? [`deleted the QR order from POS ${r.removedFromPos.join(', ')}`] : []),
        ...(r.cancelled.length > 0 ? [`cancelled payment(s) ${r.cancelled.join(', ')}`] : []),
      ];
      ctx.out.write(`${what.join('; ')}; order ${orderId} is now ${r.orderStatus}\n`);
      return 0;
    });
  },
};
