/** `mp-recon coverage` (jobs/report-coverage.ts): per report kind, the days ingested reports cover and the gaps. */
import { coverageOfReports } from '../../jobs/report-coverage.ts';
import { assertRange } from '../../src/util/dates.ts';
import { choiceFlag, dateFlag, stringFlag } from '../args.ts';
import type { Command } from '../command.ts';

export const coverageCommand: Command = {
  usage: 'coverage [--account ID] [--from D --to D] [--format text|json]',
  flags: { account: { type: 'string' }, from: { type: 'string' }, to: { type: 'string' }, format: { type: 'string' } },
  flagHelp: [
    ['--account ID', 'only this account (mp-recon accounts list; a site such as MLA works too)'],
    ['--from D', 'first day to look at (default: the first covered day)'],
    ['--to D', 'last day, inclusive (default: the last covered day)'],
    ['--format F', 'text (default) or json'],
  ],
  async run(ctx) {
    const from = dateFlag(ctx.flags, 'from');
    const to = dateFlag(ctx.flags, 'to');
    if (from && to) assertRange(from, to);
    const format = choiceFlag(ctx.flags, 'format', ['text', 'json'] as const, 'text');
    const coverage = await coverageOfReports(await ctx.deps(), { account: stringFlag(ctx.flags, 'account'), from, to });
    if (format === 'json') {
      ctx.out.write(`${JSON.stringify(coverage.map(({ days, coveredDays, ...c }) => ({ ...c, covered_days: coveredDays, total_days: days.length })), null, 2)}\n`);
      return 0;
    }
    for (const c of coverage) {
      if (c.from === null) {
        ctx.out.write(`${c.kind}: no report ingested\n`);
        continue;
      }
      ctx.out.write(`${c.kind}: ${c.from}..${c.to}, ${c.coveredDays} of ${c.days.length} days covered\n`);
      for (const g of c.gaps) ctx.out.write(`  gap ${g.from}..${g.to} (${g.days} day${g.days === 1 ? '' : 's'})\n`);
    }
    return 0;
  },
};
