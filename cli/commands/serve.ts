/**
 * `mp-recon serve`: the notification receiver. Listens for Mercado Pago's IPN and Webhooks on
 * POST /notifications/mercadopago, records each one, answers at once and processes it in the same
 * process (docs/order-sync.md), and runs the contingency search every RECON_SYNC_EVERY_MINUTES. Runs until SIGINT/SIGTERM: it stops accepting, lets the current
 * notification finish and exits 0. Rows recorded but not processed are picked up on the next start.
 */
import { assertSchemaInstalled } from '../../src/db/migrate.ts';
import { defaultOf } from '../../src/environment.ts';
import { syncPendingOrders } from '../../jobs/sync-orders.ts';
import { NOTIFICATION_PATH, startReceiver } from '../../src/notifications/receiver.ts';
import { startSyncTimer } from '../../src/orders/sync-timer.ts';
import { integerFlag, PORT_RANGE, stringFlag } from '../args.ts';
import type { Command } from '../command.ts';
import { onShutdown } from '../shutdown.ts';
import { orderSyncDeps } from '../order-support.ts';

export const serveCommand: Command = {
  usage: 'serve [--port N] [--host ADDRESS]',
  flags: { port: { type: 'string' }, host: { type: 'string' } },
  flagHelp: [
    ['--port N', `port to listen on (default RECON_RECEIVER_PORT, ${defaultOf('RECON_RECEIVER_PORT')})`],
    ['--host ADDRESS', 'address to listen on (default 0.0.0.0)'],
  ],
  details: [
    `Register https://YOUR-HOST${NOTIFICATION_PATH} as the notification URL in Mercado Pago (Your integrations >`,
    'Webhooks, and/or notification_url of your QR orders). GET /healthz answers 200 while the database is reachable.',
    'With MP_WEBHOOK_SECRET set, Webhooks without a valid x-signature get 401 and are not processed.',
    'Each notification is fetched again from the API (MP_ACCESS_TOKEN) before it changes an order.',
    `Every RECON_SYNC_EVERY_MINUTES (default ${defaultOf('RECON_SYNC_EVERY_MINUTES')}; 0 = off) it also runs the contingency search (mp-recon sync).`,
  ].join('\n'),
  async run(ctx) {
    const deps = orderSyncDeps(await ctx.deps());
    await assertSchemaInstalled(deps.conn);
    if (!deps.config.logLevelGiven) deps.log.level = 'info';
    const port = integerFlag(ctx.flags, 'port', PORT_RANGE, deps.config.receiverPort);
    const receiver = await startReceiver(deps, { port, host: stringFlag(ctx.flags, 'host') ?? '0.0.0.0' });
    const everyMinutes = deps.config.syncEveryMinutes;
    const timer = everyMinutes > 0 ? startSyncTimer(everyMinutes * 60_000, deps.log, () => syncPendingOrders(deps)) : undefined;
    ctx.out.write(`receiving Mercado Pago notifications on ${receiver.url}${NOTIFICATION_PATH} (health: ${receiver.url}/healthz); Ctrl-C stops\n`);
    await onShutdown();
    await timer?.stop();
    await receiver.close();
    ctx.err.write('receiver stopped\n');
    return 0;
  },
};
