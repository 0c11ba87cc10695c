import { Decimal } from 'decimal.js';
import { type DemoAccount, type DemoResult, DEMO_SCHEMA, runDemo } from '../run-demo.ts';
import { loadConfig } from '../../src/config.ts';
import { openConnection } from '../../src/db/connection.ts';
import { defaultOf, environmentValue, readDotEnv } from '../../src/environment.ts';
import { ReconError } from '../../src/errors.ts';
import { createLogger } from '../../src/log.ts';
import { toTable } from '../../src/output/format-rows.ts';
import { isSiteId, SITE_IDS, SITES } from '../../src/sites.ts';
import { chunkProgress } from '../acquire-support.ts';
import { integerFlag, stringFlag } from '../args.ts';
import type { Command } from '../command.ts';

export const demoCommand: Command = {
  usage: 'demo [--site MLA] [--days 30] [--accounts N] [--out FILE.html]',
  flags: { site: { type: 'string' }, days: { type: 'string' }, accounts: { type: 'string' }, out: { type: 'string' } },
  flagHelp: [
    ['--site S', `Mercado Pago site: ${SITE_IDS.join(', ')} (default RECON_SITE, else ${defaultOf('RECON_SITE')})`],
    ['--days N', 'days of traffic ending yesterday (default 30, at most 120)'],
    ['--accounts N', 'simulate N Mercado Pago accounts in one database, over the seven sites in turn from --site (default 1, at most 21)'],
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
    const accounts = integerFlag(ctx.flags, 'accounts', { min: 1, max: 21 }, 1);
    const config = loadConfig({ ...readDotEnv(), RECON_SCHEMA: DEMO_SCHEMA, RECON_SITE: site, RECON_TIMEZONE: '' });
    const log = createLogger({ level: config.logLevel });
    const conn = await openConnection(config, log, (line) => ctx.err.write(`mp-recon: ${line}\n`));
    const progress = chunkProgress(ctx.err, 'demo');
    try {
      const r = await runDemo(
        { conn, log, config, now: () => new Date() },
        { days, accounts, out: stringFlag(ctx.flags, 'out'), onStep: (line) => ctx.err.write(`demo: ${line}\n`), onProgress: progress.onProgress },
      );
      progress.done();
      ctx.out.write(accounts === 1 ? oneAccount(site, r) : manyAccounts(r));
      return 0;
    } finally {
      progress.done();
      await conn.close();
    }
  },
};

function oneAccount(site: string, r: DemoResult): string {
  const a = r.accounts[0] as DemoAccount;
  const total = a.summary.reduce((n, s) => n + s.mismatches, 0);
  return [
    '',
    `mp-recon demo: ${site}, ${r.from}..${r.to}: ${a.orders} orders, ${a.rowsStored} report rows, ${total} open mismatches`,
    '',
    toTable(['kind', 'currency', 'mismatches', 'at risk'], a.summary.map((s) => [s.kind, s.currency, String(s.mismatches), s.atRisk ?? '—']), new Set(['mismatches', 'at risk'])),
    'at risk: the sum of absolute differences (a currency mismatch has amounts in two currencies: see mismatches show ID)',
    `HTML summary: ${a.reportPath}`,
    '',
    'Next, try:',
    `  RECON_SCHEMA=${DEMO_SCHEMA} npx mp-recon mismatches --kind amount_mismatch`,
    `  RECON_SCHEMA=${DEMO_SCHEMA} npx mp-recon mismatches export > mismatches.csv`,
    `  RECON_SCHEMA=${DEMO_SCHEMA} npx mp-recon reconcile --from ${r.from} --to ${r.to} --dry-run`,
    '  npx mp-recon sandbox        # the simulator on its own, for fetch / backfill / schedule',
    '  npx mp-recon --help',
    '',
  ].join('\n');
}

/** One line per account: what each one's books came to, in its own currency. */
function manyAccounts(r: DemoResult): string {
  const atRisk = (a: DemoAccount) => a.summary.reduce((sum, s) => (s.atRisk === null ? sum : sum.plus(s.atRisk)), new Decimal(0)).toFixed(SITES[a.site].decimals);
  const first = r.accounts[0] as DemoAccount;
  return [
    '',
    `mp-recon demo: ${r.accounts.length} accounts in one database, ${r.from}..${r.to}`,
    '',
    toTable(
      ['account', 'site', 'currency', 'orders', 'report rows', 'open mismatches', 'at risk'],
      r.accounts.map((a) => [a.id, a.site, a.currency, String(a.orders), String(a.rowsStored), String(a.summary.reduce((n, s) => n + s.mismatches, 0)), atRisk(a)]),
      new Set(['orders', 'report rows', 'open mismatches', 'at risk']),
    ),
    'at risk: the sum of absolute differences in the account\'s currency (currency mismatches left out)',
    `HTML summaries: ${r.accounts.map((a) => a.reportPath).join(', ')}`,
    '',
    'Next, try:',
    `  RECON_SCHEMA=${DEMO_SCHEMA} npx mp-recon accounts list`,
    `  RECON_SCHEMA=${DEMO_SCHEMA} npx mp-recon mismatches --account ${first.id}`,
    `  RECON_SCHEMA=${DEMO_SCHEMA} npx mp-recon mismatches --account all --kind amount_mismatch`,
    '',
  ].join('\n');
}
