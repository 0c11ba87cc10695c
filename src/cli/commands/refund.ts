/**
 * `mp-recon refund ORDER_ID [--amount X] [--reason TEXT]` (jobs/refund-order.ts): total without --amount,
 * partial with it. Safe to run again after a failure: a refund Mercado Pago did not confirm is resumed
 * with the same idempotency key, so it is never made twice.
 */
import { Decimal } from 'decimal.js';
import { refundOrder } from '../../../jobs/refund-order.ts';
import { ReconError } from '../../errors.ts';
import { stringFlag } from '../args.ts';
import type { Command } from '../command.ts';
import { orderSyncDeps, withMpErrors } from '../order-support.ts';

export const refundCommand: Command = {
  usage: 'refund ORDER_ID [--amount X] [--reason TEXT]',
  flags: { amount: { type: 'string' }, reason: { type: 'string' } },
  flagHelp: [
    ['--amount X', 'refund X (e.g. 150.50); without it, everything that remains refundable'],
    ['--reason TEXT', 'kept with the refund in the refunds table'],
  ],
  details: [
    'The refund is recorded as requested before Mercado Pago is called, then approved or rejected by its answer.',
    'If the answer never arrives (network, timeout), run the same command again: it resumes that refund with',
    'the same X-Idempotency-Key instead of starting a new one. Amounts above what remains refundable are refused.',
  ].join('\n'),
  async run(ctx) {
    const [orderId, ...extra] = ctx.args;
    if (!orderId || extra.length > 0) throw new ReconError('USAGE', 'usage: mp-recon refund ORDER_ID [--amount X] [--reason TEXT]');
    const amountText = stringFlag(ctx.flags, 'amount');
    if (amountText !== undefined && !/^\d{1,15}(\.\d{1,4})?$/.test(amountText)) {
      throw new ReconError('USAGE', `--amount takes a positive amount with a '.' for decimals, e.g. 150.50 (got '${amountText}')`);
    }
    const reason = stringFlag(ctx.flags, 'reason');
    const deps = orderSyncDeps(await ctx.deps());
    return withMpErrors(ctx, 'refund', async () => {
      const r = await refundOrder(deps, { orderId, ...(amountText === undefined ? {} : { amount: new Decimal(amountText) }), ...(reason === undefined ? {} : { reason }) });
      if (r.resumed) ctx.out.write(`resumed ${r.refunds.length} refund(s) an earlier run had left unconfirmed; run again for a new refund\n`);
      for (const x of r.refunds) ctx.out.write(`refund ${x.refundId}: ${x.amount} on payment ${x.mpPaymentId} -> ${x.status} (Mercado Pago refund ${x.mpRefundId})\n`);
      ctx.out.write(`order ${orderId} is now ${r.orderStatus}\n`);
      return 0;
    });
  },
};
