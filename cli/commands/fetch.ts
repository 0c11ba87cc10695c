import { acquireReports } from '../../jobs/acquire-reports.ts';
import { acquireDeps, chunkProgress, describePlan, reportMpFailure } from '../acquire-support.ts';
import { choiceFlag, requiredWindow } from '../args.ts';
import type { Command } from '../command.ts';

export const fetchCommand: Command = {
  usage: 'fetch --from YYYY-MM-DD --to YYYY-MM-DD [--kind settlement|release|both] [--force]',
  flags: { from: { type: 'string' }, to: { type: 'string' }, kind: { type: 'string' }, force: { type: 'boolean' } },
  flagHelp: [
    ['--from D', 'first business date (merchant timezone)'],
    ['--to D', 'last business date, inclusive'],
    ['--kind K', 'settlement, release or both (default both)'],
    ['--force', 'request days that are already covered again (new rows are added, known rows deduplicated)'],
  ],
  details:
    'Days already covered by ingested reports are skipped. The rest is requested from Mercado Pago in chunks\n' +
    'of at most 60 days; each chunk is downloaded to RECON_DATA_DIR/reports/<schema>/<kind>/ (kept) and ingested in one\n' +
    'transaction, so an interrupted fetch is continued by running it again. Only one fetch runs at a time:\n' +
    'a second one says so and exits 0. Needs MP_ACCESS_TOKEN (and MP_BASE_URL for the sandbox).',
  async run(ctx) {
    const { from, to } = requiredWindow(ctx.flags);
    const kind = choiceFlag(ctx.flags, 'kind', ['settlement', 'release', 'both'] as const, 'both');
    const deps = acquireDeps(await ctx.deps());
    const progress = chunkProgress(ctx.err, 'fetch');
    try {
      const r = await acquireReports(deps, { from, to, kind, force: ctx.flags.force === true, onProgress: progress.onProgress });
      progress.done();
      if (r.status === 'locked') {
        ctx.out.write('another mp-recon fetch is running (it holds the fetch lock); nothing to do\n');
        return 0;
      }
      ctx.out.write(
        `fetched ${from}..${to} (run ${r.runId}): ${describePlan(r)}\n` +
          `${r.files.length} file(s) ingested: ${r.rowsStored} rows stored, ${r.rowsRejected} rejected\n`,
      );
      return 0;
    } catch (err) {
      progress.done();
      return reportMpFailure('fetch', err, ctx.err);
    }
  },
};
