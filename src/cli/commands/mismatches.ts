import { ReconError } from '../../errors.ts';
import { changeMismatchStatus } from '../../mismatches/change-status.ts';
import { MISMATCH_KINDS } from '../../mismatches/mismatch-kinds.ts';
import { listMismatches, MISMATCH_COLUMNS, type MismatchRecord } from '../../mismatches/list-mismatches.ts';
import { toSpreadsheetCsv, toTable } from '../../output/format-rows.ts';
import { assertRange } from '../../util/dates.ts';
import { choiceFlag, dateFlag, stringFlag } from '../args.ts';
import type { Command } from '../command.ts';

const TABLE_COLUMNS = ['id', 'business_date', 'kind', 'status', 'external_reference', 'order_id', 'mp_payment_id', 'expected_amount', 'actual_amount', 'difference'] as const;
const AMOUNTS = new Set(['expected_amount', 'actual_amount', 'difference', 'id']);

export const mismatchesCommand: Command = {
  usage:
    'mismatches [--status open|acknowledged|resolved|all] [--kind K] [--from D --to D] [--format table|csv|json]\n' +
    '       mp-recon mismatches export [--from D --to D] [--status S] > mismatches.csv\n' +
    '       mp-recon mismatches ack|resolve ID --note TEXT',
  flags: {
    status: { type: 'string' },
    kind: { type: 'string' },
    from: { type: 'string' },
    to: { type: 'string' },
    format: { type: 'string' },
    note: { type: 'string' },
  },
  flagHelp: [
    ['--status S', 'open (default), acknowledged, resolved or all'],
    ['--kind K', 'only this kind, e.g. amount_mismatch'],
    ['--from D', 'business dates from D'],
    ['--to D', 'business dates up to D, inclusive'],
    ['--format F', 'table (default), csv or json (an array of objects, amounts as strings)'],
    ['--note TEXT', 'with ack or resolve: why (required)'],
  ],
  async run(ctx) {
    const [action, id, ...extra] = ctx.args;
    if (action === 'ack' || action === 'resolve') {
      const note = stringFlag(ctx.flags, 'note');
      if (!id || extra.length > 0 || !note) throw new ReconError('USAGE', `usage: mp-recon mismatches ${action} ID --note TEXT`);
      const deps = await ctx.deps();
      await changeMismatchStatus(deps.conn.db, id, action, note);
      ctx.out.write(`mismatch ${id} ${action === 'ack' ? 'acknowledged' : 'resolved'}\n`);
      return 0;
    }
    if (action !== undefined && action !== 'export') {
      throw new ReconError('USAGE', `unknown mismatches action '${action}'; use export, ack or resolve, or no action to list`);
    }
    const status = choiceFlag(ctx.flags, 'status', ['open', 'acknowledged', 'resolved', 'all'] as const, action === 'export' ? 'all' : 'open');
    const format = action === 'export' ? 'csv' : choiceFlag(ctx.flags, 'format', ['table', 'csv', 'json'] as const, 'table');
    const kind = choiceFlag(ctx.flags, 'kind', MISMATCH_KINDS);
    const from = dateFlag(ctx.flags, 'from');
    const to = dateFlag(ctx.flags, 'to');
    if (from && to) assertRange(from, to);
    const deps = await ctx.deps();
    const rows = await listMismatches(deps.conn.db, { status, kind, from, to });
    ctx.out.write(render(rows, format));
    return 0;
  },
};

function render(rows: MismatchRecord[], format: 'table' | 'csv' | 'json'): string {
  if (format === 'json') {
    return `${JSON.stringify(rows.map((r) => ({ ...r, details: r.details === null ? null : JSON.parse(r.details) })), null, 2)}\n`;
  }
  if (format === 'csv') return toSpreadsheetCsv(MISMATCH_COLUMNS, rows.map((r) => MISMATCH_COLUMNS.map((c) => r[c])), AMOUNTS);
  if (rows.length === 0) return 'no mismatches match\n';
  const byKind = new Map<string, number>();
  for (const r of rows) byKind.set(r.kind!, (byKind.get(r.kind!) ?? 0) + 1);
  const summary = [...byKind].map(([k, n]) => `${k} ${n}`).join(', ');
  return `${toTable(TABLE_COLUMNS, rows.map((r) => TABLE_COLUMNS.map((c) => r[c])), AMOUNTS)}\n${rows.length} mismatch(es): ${summary}\n`;
}
