import { reconcileWindow } from '../../jobs/reconcile-window.ts';
import { requiredWindow } from '../args.ts';
import type { Command } from '../command.ts';
import { stageLines } from '../stage-lines.ts';

export const reconcileCommand: Command = {
  accounts: 'one',
  usage: 'reconcile --from YYYY-MM-DD --to YYYY-MM-DD [--dry-run]',
  flags: { from: { type: 'string' }, to: { type: 'string' }, 'dry-run': { type: 'boolean' } },
  flagHelp: [
    ['--from D', 'first business date of the window (merchant timezone)'],
    ['--to D', 'last business date of the window, inclusive'],
    ['--dry-run', 'compute and print what would change, write nothing'],
  ],
  details: 'Re-running a window never duplicates a mismatch; those that no longer hold are resolved automatically.',
  async run(ctx) {
    const { from, to } = requiredWindow(ctx.flags);
    const deps = await ctx.deps();
    const onStage = stageLines(ctx.err, 'reconcile');
    const r = await reconcileWindow(deps, { from, to, dryRun: ctx.flags['dry-run'] === true, onStage });
    const lines = [
      `${r.dryRun ? 'dry run (nothing written): ' : ''}reconciled ${from}..${to} (run ${r.runId}): ${r.rowsInWindow} report rows, ${r.ordersInScope} orders`,
      `mismatches: ${r.found} found (${r.new} new, ${r.reopened} reopened, ${r.stillOpen} already open), ${r.resolved} resolved automatically`,
      ...Object.entries(r.byKind).map(([kind, n]) => `  ${kind.padEnd(27)} ${n}`),
    ];
    ctx.out.write(`${lines.join('\n')}\n`);
    return 0;
  },
};
