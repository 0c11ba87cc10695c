import { type BackfillResult, backfill } from '../../jobs/backfill.ts';
import { type AccountBackfill, backfillAccounts } from '../../jobs/backfill-accounts.ts';
import { assertSchemaInstalled } from '../../src/db/migrate.ts';
import { openJobQueue, queueSettingsOf } from '../../src/queue/job-queue.ts';
import { accountsChunkProgress, acquireDeps, chunkProgress, describePlan, reportMpFailure } from '../acquire-support.ts';
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
    'says so and exits 0. On a Postgres server the chunks go through the job queue: every running `mp-recon worker`\n' +
    'takes some, this process takes some too (so it never waits on workers that are not there), and the progress\n' +
    'counts them all; with --account all the accounts are backfilled side by side (one after the other on the\n' +
    'embedded database or with --inline).',
  async run(ctx) {
    const { from, to } = requiredWindow(ctx.flags);
    const all = await ctx.accountDeps();
    const first = all[0];
    if (!first) return 0;
    const useQueue = ctx.flags.inline !== true && first.config.databaseUrl !== undefined;
    // Checked first so that a database without mp-recon's schema does not get a queue schema either.
    if (useQueue) await assertSchemaInstalled(first.conn);
    const queue = useQueue ? await openJobQueue(first.config.databaseUrl, first.conn.schema, queueSettingsOf(first.config)) : undefined;
    const force = ctx.flags.force === true;
    const many = all.length > 1;
    let failed = 0;
    const settle = (done: AccountBackfill) => {
      const whose = many ? `account ${done.account}: ` : '';
      if (done.ok) ctx.out.write(describeBackfill(whose, from, to, done.result));
      // A Mercado Pago failure of one account does not keep the others from being backfilled.
      else failed = Math.max(failed, reportMpFailure(many ? `backfill --account ${done.account}` : 'backfill', done.error, ctx.err));
    };
    try {
      if (queue && many) {
        // Side by side over the queue, with one progress over every account's chunks.
        const progress = accountsChunkProgress(ctx.err, 'backfill');
        const results = await backfillAccounts(await ctx.engine(), all.map((d) => acquireDeps(d)), { from, to, force, queue, onProgress: progress.forAccount });
        progress.done();
        for (const done of results) settle(done);
        return failed;
      }
      for (const one of all) {
        const progress = chunkProgress(ctx.err, `${many ? `account ${one.account.id}: ` : ''}backfill`);
        const done = await backfill(acquireDeps(one), { from, to, force, onProgress: progress.onProgress, queue })
          .then((result) => ({ account: one.account.id, ok: true as const, result }))
          .catch((error: unknown) => ({ account: one.account.id, ok: false as const, error }));
        progress.done();
        settle(done);
      }
      return failed;
    } finally {
      await queue?.close();
    }
  },
};

function describeBackfill(whose: string, from: string, to: string, r: BackfillResult): string {
  if (r.status === 'locked') return `${whose}another mp-recon backfill is running (it holds the backfill lock); nothing to do\n`;
  const a = r.acquired;
  const c = r.reconciled;
  const lines = [
    `${whose}backfilled ${from}..${to} (run ${r.runId}): ${describePlan(a)}`,
    `${a.files.length} file(s) ingested: ${a.rowsStored} rows stored, ${a.rowsRejected} rejected`,
    `reconciled (run ${c.runId}): ${c.rowsInWindow} report rows, ${c.ordersInScope} orders; mismatches: ${c.found} found (${c.new} new), ${c.resolved} resolved automatically`,
    ...Object.entries(c.byKind).map(([kind, n]) => `  ${kind.padEnd(27)} ${n}`),
  ];
  return `${lines.join('\n')}\n`;
}
