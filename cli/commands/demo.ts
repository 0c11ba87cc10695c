import { DEMO_SCHEMA, runDemo } from '../run-demo.ts';
import { loadConfig } from '../../src/config.ts';
import { openConnection } from '../../src/db/connection.ts';
import { defaultOf, environmentValue, readDotEnv } from '../../src/environment.ts';
import { ReconError } from '../../src/errors.ts';
import { createLogger } from '../../src/log.ts';
import { toTable } from '../../src/output/format-rows.ts';
import { isSiteId, SITE_IDS } from '../../src/sites.ts';
import { chunkProgress } from '../acquire-support.ts';
import { integerFlag, stringFlag } from '../args.ts';
import type { Command } from '../command.ts';

export const demoCommand: Command = {
  usage: 'demo [--site MLA] [--days 30] [--out FILE.html]',
  flags: { site: { type: 'string' }, days: { type: 'string' }, out: { type: 'string' } },
  flagHelp: [
    ['--site S', `Mercado Pago site: ${SITE_IDS.join(', ')} (default RECON_SITE, else ${defaultOf('RECON_SITE')})`],
    ['--days N', 'days of traffic ending yesterday (default 30, at most 120)'],
    ['--out FILE', 'where to write the HTML summary (default ./mp-recon-report-<from>-<to>.html)'],
  ],
  details:
    `Starts the bundled Mercado Pago simulator on a free loopback port, seeds it, imports matching orders with one\n` +
    `planted discrepancy of every kind, then fetches, ingests and reconciles for real. Everything goes to the\n` +
    `schema ${DEMO_SCHEMA}, recreated on each run, so your own data is never touched.`,
  async run(ctx) {
    const site = (stringFlag(ctx.flags, 'site') ?? environmentValue('RECON_SITE') ?? defaultOf('RECON_SITE')).toUpperCase();
    if (!isSiteId(site)) throw new ReconError('UNKNOWN_SITE', `--site ${site} is not a Mercado Pago site; use one of ${SITE_IDS.join(', ')}`);
    const days = integerFlag(ctx.flags, 'days', { min: 3, max: 120 }, 30);
    const config = loadConfig({ ...readDotEnv(), RECON_SCHEMA: DEMO_SCHEMA, RECON_SITE: site, RECON_TIMEZONE: '' });
    const log = createLogger({ level: config.logLevel });
    const conn = await openConnection(config, log, (line) => ctx.err.write(`mp-recon: ${line}\n`));
    const progress = chunkProgress(ctx.err, 'demo');
    try {
      const r = await runDemo(
        { conn, log, config, now: () => new Date() },
        { days, out: stringFlag(ctx.flags, 'out'), onStep: (line) => ctx.err.write(`demo: ${line}\n`), onProgress: progress.onProgress },
      );
      progress.done();
      const total = r.summary.reduce((n, s) => n + s.mismatches, 0);
      ctx.out.write(
        [
          '',
          `mp-recon demo: ${site}, ${r.from}..${r.to}: ${r.orders} orders, ${r.rowsStored} report rows, ${total} open mismatches`,
          '',
          toTable(['kind', 'currency', 'mismatches', 'at risk'], r.summary.map((s) => [s.kind, s.currency, String(s.mismatches), s.atRisk ?? '—']), new Set(['mismatches', 'at risk'])),
          'at risk: the sum of absolute differences (a currency mismatch has amounts in two currencies: see mismatches show ID)',
          `HTML summary: ${r.reportPath}`,
          '',
          'Next, try:',
          `  RECON_SCHEMA=${DEMO_SCHEMA} npx mp-recon mismatches --kind amount_mismatch`,
          `  RECON_SCHEMA=${DEMO_SCHEMA} npx mp-recon mismatches export > mismatches.csv`,
          `  RECON_SCHEMA=${DEMO_SCHEMA} npx mp-recon reconcile --from ${r.from} --to ${r.to} --dry-run`,
          '  npx mp-recon sandbox        # the simulator on its own, for fetch / backfill / schedule',
          '  npx mp-recon --help',
          '',
        ].join('\n'),
      );
      return 0;
    } finally {
      progress.done();
      await conn.close();
    }
  },
};
