/**
 * `mp-recon mismatches`: list and export (jobs/list-mismatches.ts), show (jobs/show-mismatch.ts), and
 * ack, assign, comment or resolve (jobs/act-on-mismatch.ts).
 */
import { recordMismatchAction } from '../../jobs/act-on-mismatch.ts';
import { listMismatchRecords } from '../../jobs/list-mismatches.ts';
import { mismatchDetail } from '../../jobs/show-mismatch.ts';
import { ReconError } from '../../src/errors.ts';
import type { ManualAction } from '../../src/mismatches/act-on-mismatch.ts';
import { MISMATCH_COLUMNS, MISMATCH_COLUMNS_WITH_ACCOUNT, type MismatchRecord } from '../../src/mismatches/list-mismatches.ts';
import { MISMATCH_KINDS } from '../../src/mismatches/mismatch-kinds.ts';
import { renderMismatchText } from '../../src/mismatches/render-mismatch.ts';
import { toSpreadsheetCsv, toTable } from '../../src/output/format-rows.ts';
import { assertRange } from '../../src/util/dates.ts';
import { choiceFlag, dateFlag, stringFlag } from '../args.ts';
import type { Command, CommandContext } from '../command.ts';

const TABLE_COLUMNS = ['id', 'business_date', 'kind', 'status', 'external_reference', 'order_id', 'mp_payment_id', 'expected_amount', 'actual_amount', 'difference', 'assignee'] as const;
const AMOUNTS = new Set(['expected_amount', 'actual_amount', 'difference', 'id']);
const ACTIONS: Readonly<Record<string, ManualAction>> = { ack: 'acknowledged', resolve: 'resolved', assign: 'assigned', comment: 'commented' };

export const mismatchesCommand: Command = {
  accounts: 'many',
  usage:
    'mismatches [--status open|acknowledged|resolved|all] [--kind K] [--from D --to D] [--assignee NAME] [--format table|csv|json]\n' +
    '       mp-recon mismatches export [--from D --to D] [--status S] > mismatches.csv\n' +
    '       mp-recon mismatches show ID [--format text|json]\n' +
    '       mp-recon mismatches ack ID [--note TEXT] [--actor NAME]\n' +
    '       mp-recon mismatches assign ID --to NAME [--note TEXT] [--actor NAME]\n' +
    '       mp-recon mismatches comment|resolve ID --note TEXT [--actor NAME]',
  flags: {
    status: { type: 'string' },
    kind: { type: 'string' },
    from: { type: 'string' },
    to: { type: 'string' },
    format: { type: 'string' },
    note: { type: 'string' },
    actor: { type: 'string' },
    assignee: { type: 'string' },
  },
  flagHelp: [
    ['--status S', 'open (default), acknowledged, resolved or all'],
    ['--kind K', 'only this kind, e.g. amount_mismatch'],
    ['--from D', 'business dates from D'],
    ['--to D', 'business dates up to D, inclusive; with assign: who takes the mismatch (empty unassigns)'],
    ['--assignee NAME', 'only mismatches assigned to NAME (- for unassigned)'],
    ['--format F', 'table (default), csv or json (an array of objects, amounts as strings); show: text or json'],
    ['--note TEXT', 'why: required to resolve and comment, optional to ack and assign'],
    ['--actor NAME', 'who acts, recorded in the history (default: the OS user)'],
  ],
  details:
    'Every ack, assign, comment and resolve is kept as an event with who, when and the note; `show` prints them.\n' +
    'Listing and export take --account all (the table, CSV and JSON then name each row\'s account); show and the\n' +
    'actions work on one account: an id of another account is not found.',
  async run(ctx) {
    const [action, id, ...extra] = ctx.args;
    if (action && action in ACTIONS) return act(ctx, action, ACTIONS[action]!, id, extra);
    if (action === 'show') {
      if (!id || extra.length > 0) throw new ReconError('USAGE', 'usage: mp-recon mismatches show ID [--format text|json]');
      const format = choiceFlag(ctx.flags, 'format', ['text', 'json'] as const, 'text');
      const detail = await mismatchDetail(await ctx.deps(), id);
      ctx.out.write(format === 'json' ? `${JSON.stringify(detail, null, 2)}\n` : renderMismatchText(detail));
      return 0;
    }
    if (action !== undefined && action !== 'export') {
      throw new ReconError('USAGE', `unknown mismatches action '${action}'; use export, show, ack, assign, comment or resolve, or no action to list`);
    }
    const status = choiceFlag(ctx.flags, 'status', ['open', 'acknowledged', 'resolved', 'all'] as const, action === 'export' ? 'all' : 'open');
    const format = action === 'export' ? 'csv' : choiceFlag(ctx.flags, 'format', ['table', 'csv', 'json'] as const, 'table');
    const kind = choiceFlag(ctx.flags, 'kind', MISMATCH_KINDS);
    const from = dateFlag(ctx.flags, 'from');
    const to = dateFlag(ctx.flags, 'to');
    if (from && to) assertRange(from, to);
    const accounts = await ctx.accountDeps();
    const rows = await listMismatchRecords(accounts, { status, kind, from, to, assignee: stringFlag(ctx.flags, 'assignee') });
    ctx.out.write(render(rows, format, ctx.flags.account === 'all'));
    return 0;
  },
};

async function act(ctx: CommandContext, verb: string, action: ManualAction, id: string | undefined, extra: readonly string[]): Promise<number> {
  const note = stringFlag(ctx.flags, 'note');
  const assignee = stringFlag(ctx.flags, 'to');
  const needsNote = action === 'resolved' || action === 'commented';
  if (!id || extra.length > 0 || (needsNote && !note) || (action === 'assigned' && assignee === undefined)) {
    const shape = action === 'assigned' ? '--to NAME [--note TEXT]' : needsNote ? '--note TEXT' : '[--note TEXT]';
    throw new ReconError('USAGE', `usage: mp-recon mismatches ${verb} ID ${shape} [--actor NAME]`);
  }
  const { actor } = await recordMismatchAction(await ctx.deps(), { id, action, actor: stringFlag(ctx.flags, 'actor'), note, assignee });
  ctx.out.write(`mismatch ${id} ${action}${action === 'assigned' ? ` to ${assignee || 'nobody'}` : ''} by ${actor}\n`);
  return 0;
}

/** With `--account all` every format names the account of each row; with one account they stay as they were. */
function render(rows: MismatchRecord[], format: 'table' | 'csv' | 'json', allAccounts: boolean): string {
  if (format === 'json') {
    return `${JSON.stringify(rows.map(({ account_id, ...r }) => ({ ...r, details: r.details === null ? null : JSON.parse(r.details), ...(allAccounts ? { account_id } : {}) })), null, 2)}\n`;
  }
  const csvColumns = allAccounts ? MISMATCH_COLUMNS_WITH_ACCOUNT : MISMATCH_COLUMNS;
  if (format === 'csv') return toSpreadsheetCsv(csvColumns, rows.map((r) => csvColumns.map((c) => r[c])), AMOUNTS);
  if (rows.length === 0) return 'no mismatches match\n';
  if (allAccounts) {
    const columns = ['account', ...TABLE_COLUMNS];
    return `${toTable(columns, rows.map((r) => [r.account_id, ...TABLE_COLUMNS.map((c) => r[c])]), AMOUNTS)}\n${summaryLine(rows)}\n`;
  }
  return `${toTable(TABLE_COLUMNS, rows.map((r) => TABLE_COLUMNS.map((c) => r[c])), AMOUNTS)}\n${summaryLine(rows)}\n`;
}

function summaryLine(rows: readonly MismatchRecord[]): string {
  const byKind = new Map<string, number>();
  for (const r of rows) byKind.set(r.kind!, (byKind.get(r.kind!) ?? 0) + 1);
  const summary = [...byKind].map(([k, n]) => `${k} ${n}`).join(', ');
  return `${rows.length} mismatch(es): ${summary}`;
}
