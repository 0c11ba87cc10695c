import { backfill } from '../../jobs/backfill.ts';
import { assertSchemaInstalled } from '../../src/db/migrate.ts';
import { openJobQueue, queueSettingsOf } from '../../src/queue/job-queue.ts';
import { acquireDeps, chunkProgress, describePlan, reportMpFailure } from '../acquire-support.ts';
import { requiredWindow } from '../args.ts';
import type { Command } from '../command.ts';

export const backfillCommand: Command = {
  usage: 'backfill --from YYYY-MM-DD --to YYYY-MM-DD [--account ID|all] [--force] [--inline]',
  accounts: 'many',
  flags: { from: { type: 'string' }, to: { type: 'string' }, force: { type: 'boolean' }, inline: { type: 'boolean' } },
  flagHelp: [
    ['--from D', 'first business date (merchant timezone)'],
    ['--to D', 'last business date, inclusive'],
    ['--force', 'request days that are already covered again'],
    ['--inline', 'fetch every chunk in this process instead of spreading them over the job queue (always so on the embedded database)'],
  ],
  details:
    'Runs fetch for settlement and release reports (chunks of at most 60 days, covered days skipped), then\n' +
    'reconciles the whole range. If it stops half-way (error, Ctrl-C, crash), run the same command again:\n' +
    'chunks already ingested are not requested again. Only one backfill per account runs at a time; a second one\n' +
    'says so and exits 0. With --account all the accounts are backfilled one after the other. On a Postgres server\n' +
    'the chunks go through the job queue: every running `mp-recon worker` takes some, this process takes some too\n' +
    '(so it never waits on workers that are not there), and the progress counts them all.',
  async run(ctx) {
    const { from, to } = requiredWindow(ctx.flags);
    const all = await ctx.accountDeps();
    const first = all[0];
    if (!first) return 0;
    const useQueue = ctx.flags.inline !== true && first.config.databaseUrl !== undefined;
    // Checked first so that a database without mp-recon's schema does not get a queue schema either.
    if (useQueue) await assertSchemaInstalled(first.conn);
    const queue = useQueue ? await openJobQueue(first.config.databaseUrl, first.conn.schema, queueSettingsOf(first.config)) : undefined;
    let failed = 0;
    try {
      for (const one of all) {
        // Several accounts: each line says whose it is.
        const whose = all.length > 1 ? `account ${one.account.id}: ` : '';
        const deps = acquireDeps(one);
        const progress = chunkProgress(ctx.err, `${whose}backfill`);
        try {
          const r = await backfill(deps, { from, to, force: ctx.flags.force === true, onProgress: progress.onProgress, queue });
          progress.done();
          if (r.status === 'locked') {
            ctx.out.write(`${whose}another mp-recon backfill is running (it holds the backfill lock); nothing to do\n`);
            continue;
          }
          const a = r.acquired;
          const c = r.reconciled;
          const lines = [
            `${whose}backfilled ${from}..${to} (run ${r.runId}): ${describePlan(a)}`,
            `${a.files.length} file(s) ingested: ${a.rowsStored} rows stored, ${a.rowsRejected} rejected`,
            `reconciled (run ${c.runId}): ${c.rowsInWindow} report rows, ${c.ordersInScope} orders; mismatches: ${c.found} found (${c.new} new), ${c.resolved} resolved automatically`,
            ...Object.entries(c.byKind).map(([kind, n]) => `  ${kind.padEnd(27)} ${n}`),
          ];
          ctx.out.write(`${lines.join('\n')}\n`);
        } catch (err) {
          progress.done();
          // A Mercado Pago failure of one account does not keep the next from being backfilled.
          failed = Math.max(failed, reportMpFailure(all.length > 1 ? `backfill --account ${one.account.id}` : 'backfill', err, ctx.err));
        }
      }
      return failed;
    } finally {
      await queue?.close();
    }
  },
};
