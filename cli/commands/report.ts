/** `mp-recon report` (jobs/write-finance-report.ts): the finance summary of a window as one HTML file. */
import { writeAccountsReport } from '../../jobs/write-finance-report.ts';
import { formatMoney } from '../../src/finance/money-text.ts';
import { requiredWindow, stringFlag } from '../args.ts';
import type { Command } from '../command.ts';

export const reportCommand: Command = {
  accounts: 'many',
  usage: 'report --from YYYY-MM-DD --to YYYY-MM-DD [--out FILE.html]',
  flags: { from: { type: 'string' }, to: { type: 'string' }, out: { type: 'string' } },
  flagHelp: [
    ['--from D', 'first business date of the window (merchant timezone)'],
    ['--to D', 'last business date of the window, inclusive'],
    ['--out FILE', 'where to write (default: ./mp-recon-report-<from>-<to>.html)'],
  ],
  details:
    'Totals per currency (settled, reconciled, at risk), open mismatches by kind and day, their aging and the\n' +
    'list with its provenance. The file needs no network and no script: mail it or open it offline.\n' +
    'With --account all, one part per account (each with its own site, currency and timezone; nothing is\n' +
    'added across accounts). Definitions: docs/finance.md. Prints the path of the file written.',
  async run(ctx) {
    const { from, to } = requiredWindow(ctx.flags);
    const accounts = await ctx.accountDeps();
    const { path, reports } = await writeAccountsReport(accounts, { from, to, out: stringFlag(ctx.flags, 'out') });
    for (const data of reports) {
      const who = reports.length > 1 ? `${data.account} ` : '';
      for (const t of data.totals) {
        ctx.err.write(`  ${who}${t.currency ?? '(no currency)'}: settled ${formatMoney(t.settled)}, reconciled ${formatMoney(t.reconciled)}, at risk ${formatMoney(t.atRisk)} (${t.openMismatches} open)\n`);
      }
    }
    ctx.out.write(`${path}\n`);
    return 0;
  },
};
