/**
 * `mp-recon sync`: the contingency search (jobs/sync-orders.ts). Pending orders older than --older-than
 * are looked up by external_reference at Mercado Pago and updated as a notification would have; --order
 * syncs one order now. Exit 1 when some order could not be synced (each is printed with its error code).
 * Works on one account (--account ID), or each enabled one in turn (--account all), each with its token.
 */
import { syncPendingOrders } from '../../jobs/sync-orders.ts';
import { ReconError } from '../../src/errors.ts';
import { stringFlag } from '../args.ts';
import type { Command } from '../command.ts';
import { orderSyncDeps, withMpErrors } from '../order-support.ts';

export const syncCommand: Command = {
  usage: 'sync [--account ID|all] [--older-than 15m] [--order ID]',
  accounts: 'many',
  flags: { 'older-than': { type: 'string' }, order: { type: 'string' } },
  flagHelp: [
    ['--older-than D', 'only orders pending for at least D: 90s, 15m, 2h, 1d (default RECON_SYNC_OLDER_THAN_MINUTES)'],
    ['--order ID', 'sync this one order now, whatever its age or status'],
  ],
  details: 'Safe to run at any time and repeatedly: an order already in step is left as it is.',
  async run(ctx) {
    const olderText = stringFlag(ctx.flags, 'older-than');
    const orderId = stringFlag(ctx.flags, 'order');
    if (olderText !== undefined && orderId !== undefined) throw new ReconError('USAGE', '--older-than and --order do not go together: --order syncs that order whatever its age');
    const olderThanMs = olderText === undefined ? undefined : parseDuration(olderText);
    if (olderThanMs === undefined && olderText !== undefined) throw new ReconError('USAGE', `--older-than takes a duration such as 90s, 15m, 2h or 1d (got '${olderText}')`);
    const all = await ctx.accountDeps();
    if (orderId !== undefined && all.length > 1) throw new ReconError('USAGE', '--order syncs one order of one account: say which with --account ID');
    let code = 0;
    for (const account of all) {
      // With several accounts each line says whose orders it counts.
      const who = all.length > 1 ? `account ${account.account.id}: ` : '';
      const done = await withMpErrors(ctx, 'sync', async () => {
        const deps = orderSyncDeps(account);
        const r = await syncPendingOrders(deps, { ...(olderThanMs === undefined ? {} : { olderThanMs }), ...(orderId === undefined ? {} : { orderId }) });
        ctx.out.write(
          `${who}synced ${r.checked} order(s) (run ${r.runId}): ${r.changed} changed (${r.paid} paid, ${r.cancelled} cancelled), ` +
            `${r.stillPending} still pending, ${r.unknownAtMp} unknown at Mercado Pago, ${r.failed} failed` +
            (r.markedStale > 0 ? `; ${r.markedStale} older than RECON_SYNC_WINDOW_DAYS marked stale` : '') +
            '\n',
        );
        for (const f of r.failures) ctx.err.write(`  ${who}order ${f.orderId}: error ${f.code}: ${f.message}\n`);
        return r.failed > 0 ? 1 : 0;
      });
      code = Math.max(code, done);
    }
    return code;
  },
};

/** `15m`, `2h`, `1d`, `90s`, or a bare number of minutes, as milliseconds; undefined when unreadable. */
export function parseDuration(text: string): number | undefined {
  const m = /^(\d{1,7})\s*(s|m|h|d)?$/i.exec(text.trim());
  if (!m) return undefined;
  const unit = (m[2] ?? 'm').toLowerCase();
  const factor = unit === 's' ? 1_000 : unit === 'm' ? 60_000 : unit === 'h' ? 3_600_000 : 86_400_000;
  return Number(m[1]) * factor;
}
