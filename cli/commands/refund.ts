/**
 * `mp-recon refund ORDER_ID [--amount X] [--reason TEXT] [--dry-run] [--yes]` (jobs/refund-order.ts):
 * total without --amount, partial with it. MP's refund rules are checked first; --dry-run shows the plan
 * and stops; a refund of everything that remains asks for confirmation on a terminal unless --yes. Safe
 * to run again after a failure: a refund Mercado Pago did not confirm is resumed with the same
 * idempotency key, so it is never made twice.
 */
import { Decimal } from 'decimal.js';
import { refundOrder } from '../../jobs/refund-order.ts';
import { ReconError } from '../../src/errors.ts';
import { stringFlag } from '../args.ts';
import type { Command } from '../command.ts';
import { askYesNo, canAsk } from '../confirm.ts';
import { orderSyncDeps, withMpErrors } from '../order-support.ts';

export const refundCommand: Command = {
  accounts: 'one',
  usage: 'refund ORDER_ID [--account ID] [--amount X] [--reason TEXT] [--dry-run] [--yes]',
  flags: { amount: { type: 'string' }, reason: { type: 'string' }, 'dry-run': { type: 'boolean' }, yes: { type: 'boolean' } },
  flagHelp: [
    ['--amount X', 'refund X (e.g. 150.50); without it, everything that remains refundable'],
    ['--reason TEXT', 'kept with the refund in the refunds table'],
    ['--dry-run', 'check the rules and show what would be refunded, per payment; refund nothing'],
    ['--yes', 'do not ask for confirmation before refunding everything that remains (asked only on a terminal)'],
  ],
  details: [
    'The refund is recorded as requested before Mercado Pago is called, then approved or rejected by its answer.',
    'If the answer never arrives (network, timeout), run the same command again: it resumes that refund with',
    'the same X-Idempotency-Key instead of starting a new one. Refused before Mercado Pago is called: amounts above',
    'what remains refundable, payments approved more than 180 days ago, payments with 20 refunds already.',
  ].join('\n'),
  async run(ctx) {
    const [orderId, ...extra] = ctx.args;
    if (!orderId || extra.length > 0) throw new ReconError('USAGE', 'usage: mp-recon refund ORDER_ID [--account ID] [--amount X] [--reason TEXT] [--dry-run] [--yes]');
    const amountText = stringFlag(ctx.flags, 'amount');
    if (amountText !== undefined && !/^\d{1,15}(\.\d{1,4})?$/.test(amountText)) {
      throw new ReconError('USAGE', `--amount takes a positive amount with a '.' for decimals, e.g. 150.50 (got '${amountText}')`);
    }
    const reason = stringFlag(ctx.flags, 'reason');
    const deps = orderSyncDeps(await ctx.deps());
    return withMpErrors(ctx, 'refund', async () => {
      const dryRun = ctx.flags['dry-run'] === true;
      const ask = ctx.flags.yes !== true && canAsk(process.stdin, ctx.out);
      const r = await refundOrder(deps, {
        orderId,
        ...(amountText === undefined ? {} : { amount: new Decimal(amountText) }),
        ...(reason === undefined ? {} : { reason }),
        dryRun,
        ...(ask ? { confirm: (plan) => askYesNo(`refund all that remains of order ${orderId}, ${plan.amount} ${plan.currency}?`, process.stdin, ctx.out) } : {}),
      });
      if (r.plan) {
        ctx.out.write(`dry run: would refund ${r.plan.amount} ${r.plan.currency} of order ${orderId} (${r.plan.remaining} remains refundable)\n`);
        for (const x of r.plan.refunds) ctx.out.write(`  payment ${x.mpPaymentId}: ${x.amount}${x.total ? ' (total refund of the payment)' : ''}\n`);
        return 0;
      }
      if (r.resumed) ctx.out.write(`resumed ${r.refunds.length} refund(s) an earlier run had left unconfirmed; run again for a new refund\n`);
      for (const x of r.refunds) ctx.out.write(`refund ${x.refundId}: ${x.amount} on payment ${x.mpPaymentId} -> ${x.status} (Mercado Pago refund ${x.mpRefundId})\n`);
      ctx.out.write(`order ${orderId} is now ${r.orderStatus}\n`);
      return 0;
    });
  },
};
