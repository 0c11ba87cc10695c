/**
 * `mp-recon serve`: the notification receiver. Listens for Mercado Pago's IPN and Webhooks on
 * POST /notifications/mercadopago, records each one, answers at once and processes it in the same
 * process (docs/order-sync.md), and runs the contingency search every RECON_SYNC_EVERY_MINUTES. Runs until SIGINT/SIGTERM: it stops accepting, lets the current
 * notification finish and exits 0. Rows recorded but not processed are picked up on the next start.
 * It serves every account of the database: each notification is routed by the Mercado Pago user it
 * names and processed with that account's token; the search runs for each enabled account.
 */
import { assertSchemaInstalled } from '../../src/db/migrate.ts';
import { defaultOf } from '../../src/environment.ts';
import { syncEveryAccount } from '../../jobs/sync-orders.ts';
import { scopeToAccount } from '../../src/accounts/account-scope.ts';
import { resolveAccounts } from '../../src/accounts/resolve-accounts.ts';
import type { EngineDeps } from '../../src/deps.ts';
import { accountMpClient } from '../../src/orders/apply-mp-state.ts';
import { NOTIFICATION_PATH, startReceiver } from '../../src/notifications/receiver.ts';
import { startSyncTimer } from '../../src/orders/sync-timer.ts';
import { integerFlag, PORT_RANGE, stringFlag } from '../args.ts';
import type { Command } from '../command.ts';
import { onShutdown } from '../shutdown.ts';

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
    "Each notification is fetched again from the API, with its account's token, before it changes an order.",
    'With accounts defined (mp-recon accounts), the user_id a notification names picks the account; one no account',
    'has (or an IPN without ?user_id=N in its notification URL) is kept as ignored. With none, all go to the default one.',
    `Every RECON_SYNC_EVERY_MINUTES (default ${defaultOf('RECON_SYNC_EVERY_MINUTES')}; 0 = off) it also runs the contingency search (mp-recon sync) for each enabled account.`,
  ].join('\n'),
  async run(ctx) {
    const deps = await ctx.engine();
    await assertSchemaInstalled(deps.conn);
    if (!deps.config.logLevelGiven) deps.log.level = 'info';
    await checkTokens(deps, ctx.err);
    const port = integerFlag(ctx.flags, 'port', PORT_RANGE, deps.config.receiverPort);
    const receiver = await startReceiver(deps, { port, host: stringFlag(ctx.flags, 'host') ?? '0.0.0.0' });
    const everyMinutes = deps.config.syncEveryMinutes;
    const timer = everyMinutes > 0 ? startSyncTimer(everyMinutes * 60_000, deps.log, () => syncEveryAccount(deps)) : undefined;
    ctx.out.write(`receiving Mercado Pago notifications on ${receiver.url}${NOTIFICATION_PATH} (health: ${receiver.url}/healthz); Ctrl-C stops\n`);
    await onShutdown();
    await timer?.stop();
    await receiver.close();
    ctx.err.write('receiver stopped\n');
    return 0;
  },
};

/**
 * A missing token fails at start rather than on every notification: at once for a single-account
 * install (nothing could be processed); with accounts defined, each account without one is named on
 * stderr and the others are served (its notifications are kept and retried once the token is there).
 */
async function checkTokens(engine: EngineDeps, err: NodeJS.WritableStream): Promise<void> {
  const accounts = await resolveAccounts(engine.conn.db, engine.config, 'all');
  for (const account of accounts) {
    try {
      accountMpClient(scopeToAccount(engine, account));
    } catch (e) {
      if (accounts.length === 1 && account.token.kind === 'config') throw e;
      err.write(`mp-recon serve: account ${account.id}: ${e instanceof Error ? e.message : String(e)}\n`);
    }
  }
}
