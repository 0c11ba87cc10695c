/** `mp-recon coverage` (jobs/report-coverage.ts): per report kind, the days an account's ingested reports cover and the gaps. */
import { coverageAccounts, coverageOfReports, type KindCoverageSummary } from '../../jobs/report-coverage.ts';
import { scopeToAccount } from '../../src/accounts/account-scope.ts';
import { assertRange } from '../../src/util/dates.ts';
import { choiceFlag, dateFlag, stringFlag } from '../args.ts';
import type { Command } from '../command.ts';

export const coverageCommand: Command = {
  usage: 'coverage [--account ID|all|SITE] [--from D --to D] [--format text|json]',
  accounts: 'many',
  flags: { from: { type: 'string' }, to: { type: 'string' }, format: { type: 'string' } },
  flagHelp: [
    ['--from D', 'first day to look at (default: the first covered day)'],
    ['--to D', 'last day, inclusive (default: the last covered day)'],
    ['--format F', 'text (default) or json'],
  ],
  details: '--account also takes a site (MLA): each account of that site, as before accounts existed. Each account has its own coverage.',
  async run(ctx) {
    const from = dateFlag(ctx.flags, 'from');
    const to = dateFlag(ctx.flags, 'to');
    if (from && to) assertRange(from, to);
    const format = choiceFlag(ctx.flags, 'format', ['text', 'json'] as const, 'text');
    const engine = await ctx.engine();
    const flag = stringFlag(ctx.flags, 'account');
    const accounts = await coverageAccounts(engine, flag);
    if (accounts.length === 0) {
      ctx.out.write(`no enabled account reconciles ${flag?.toUpperCase()} (mp-recon accounts list)\n`);
      return 0;
    }
    const byAccount: { account: string; coverage: KindCoverageSummary[] }[] = [];
    for (const account of accounts) byAccount.push({ account: account.id, coverage: await coverageOfReports(scopeToAccount(engine, account), { from, to }) });
    if (format === 'json') {
      const entries = byAccount.flatMap(({ account, coverage }) =>
        coverage.map(({ days, coveredDays, ...c }) => ({ ...c, covered_days: coveredDays, total_days: days.length, account })),
      );
      ctx.out.write(`${JSON.stringify(entries, null, 2)}\n`);
      return 0;
    }
    // One account prints as before accounts existed; several are each headed by their id.
    const indent = byAccount.length > 1 ? '  ' : '';
    for (const { account, coverage } of byAccount) {
      if (indent) ctx.out.write(`account ${account}:\n`);
      for (const c of coverage) {
        if (c.from === null) {
          ctx.out.write(`${indent}${c.kind}: no report ingested\n`);
          continue;
        }
        ctx.out.write(`${indent}${c.kind}: ${c.from}..${c.to}, ${c.coveredDays} of ${c.days.length} days covered\n`);
        for (const g of c.gaps) ctx.out.write(`${indent}  gap ${g.from}..${g.to} (${g.days} day${g.days === 1 ? '' : 's'})\n`);
      }
    }
    return 0;
  },
};
