import { acquireReports } from '../../jobs/acquire-reports.ts';
import { acquireDeps, chunkProgress, describePlan, reportMpFailure } from '../acquire-support.ts';
import { choiceFlag, requiredWindow } from '../args.ts';
import type { Command } from '../command.ts';

export const fetchCommand: Command = {
  usage: 'fetch --from YYYY-MM-DD --to YYYY-MM-DD [--account ID|all] [--kind settlement|release|both] [--force]',
  accounts: 'many',
  flags: { from: { type: 'string' }, to: { type: 'string' }, kind: { type: 'string' }, force: { type: 'boolean' } },
  flagHelp: [
    ['--from D', 'first business date (merchant timezone)'],
    ['--to D', 'last business date, inclusive'],
    ['--kind K', 'settlement, release or both (default both)'],
    ['--force', 'request days that are already covered again (new rows are added, known rows deduplicated)'],
  ],
  details:
    'Days already covered by ingested reports are skipped. The rest is requested from Mercado Pago in chunks\n' +
    'of at most 60 days; each chunk is downloaded to RECON_DATA_DIR/reports/<schema>/<account>/<kind>/ (kept) and ingested in one\n' +
    'transaction, so an interrupted fetch is continued by running it again. Only one fetch per account runs at a time:\n' +
    'a second one says so and exits 0. With --account all the accounts are fetched one after the other, each with\n' +
    "its own token. Needs the account's token (MP_ACCESS_TOKEN for the default one; MP_BASE_URL for the sandbox).",
  async run(ctx) {
    const { from, to } = requiredWindow(ctx.flags);
    const kind = choiceFlag(ctx.flags, 'kind', ['settlement', 'release', 'both'] as const, 'both');
    const all = await ctx.accountDeps();
    let failed = 0;
    for (const one of all) {
      // Several accounts: each line says whose it is.
      const whose = all.length > 1 ? `account ${one.account.id}: ` : '';
      const deps = acquireDeps(one);
      const progress = chunkProgress(ctx.err, `${whose}fetch`);
      try {
        const r = await acquireReports(deps, { from, to, kind, force: ctx.flags.force === true, onProgress: progress.onProgress });
        progress.done();
        if (r.status === 'locked') {
          ctx.out.write(`${whose}another mp-recon fetch is running (it holds the fetch lock); nothing to do\n`);
          continue;
        }
        ctx.out.write(
          `${whose}fetched ${from}..${to} (run ${r.runId}): ${describePlan(r)}\n` +
            `${whose}${r.files.length} file(s) ingested: ${r.rowsStored} rows stored, ${r.rowsRejected} rejected\n`,
        );
      } catch (err) {
        progress.done();
        // A Mercado Pago failure of one account does not keep the next from being fetched.
        failed = Math.max(failed, reportMpFailure(all.length > 1 ? `fetch --account ${one.account.id}` : 'fetch', err, ctx.err));
      }
    }
    return failed;
  },
};
