/** `mp-recon files list` (jobs/list-files.ts) and `files retract` (jobs/retract-file.ts). */
import { listFiles } from '../../jobs/list-files.ts';
import { retractFile } from '../../jobs/retract-file.ts';
import { ReconError } from '../../src/errors.ts';
import { REPORT_FILE_COLUMNS, type ReportFileRecord } from '../../src/ingest/list-files.ts';
import { toCsv, toTable } from '../../src/output/format-rows.ts';
import { choiceFlag, stringFlag } from '../args.ts';
import type { Command } from '../command.ts';

const TABLE_COLUMNS = ['id', 'kind', 'status', 'covers_from', 'covers_to', 'rows_stored', 'rows_duplicate', 'rows_rejected', 'encoding', 'ingested_at', 'file_name'] as const;
const COUNTS: ReadonlySet<string> = new Set(['id', 'rows_stored', 'rows_duplicate', 'rows_rejected']);

export const filesCommand: Command = {
  usage: 'files list [--account ID] [--format table|csv|json]\n       mp-recon files retract ID [--account ID] --note TEXT',
  accounts: 'one',
  flags: { format: { type: 'string' }, note: { type: 'string' } },
  flagHelp: [
    ['--format F', 'with list: table (default), csv or json'],
    ['--note TEXT', 'with retract: why (required; kept with the file and in the run history)'],
  ],
  details:
    "The account's report files only. Status: ingested (counts as coverage), rejected (no row could be stored; covers nothing), retracted.\n" +
    'retract removes the file\'s rows and coverage in one transaction: fetch asks for those days again and the next\n' +
    'reconcile of them resolves what only that file caused. It is refused while later overlapping files depend on it.',
  async run(ctx) {
    const [action, id, ...extra] = ctx.args;
    if (action === 'retract') {
      const note = stringFlag(ctx.flags, 'note');
      if (!id || extra.length > 0 || !note) throw new ReconError('USAGE', 'usage: mp-recon files retract ID --note TEXT');
      const deps = await ctx.deps();
      const r = await retractFile(deps, id, note);
      // The next commands name the account when this one did (a database of several needs it).
      const account = typeof ctx.flags.account === 'string' ? ` --account ${deps.account.id}` : '';
      ctx.out.write(
        `report file ${r.reportFileId} (${r.kind}, ${r.coversFrom}..${r.coversTo}) retracted: ${r.rowsRemoved} row(s) removed, its days no longer covered (run ${r.runId}).\n` +
          `next: mp-recon fetch${account} --from ${r.coversFrom} --to ${r.coversTo} --kind ${r.kind}, or ingest the right file; then mp-recon reconcile${account} --from ${r.coversFrom} --to ${r.coversTo}\n`,
      );
      return 0;
    }
    if (action !== 'list' || id !== undefined) throw new ReconError('USAGE', `usage: mp-recon ${filesCommand.usage}`);
    const format = choiceFlag(ctx.flags, 'format', ['table', 'csv', 'json'] as const, 'table');
    const rows = await listFiles(await ctx.deps());
    ctx.out.write(render(rows, format));
    return 0;
  },
};

function render(rows: readonly ReportFileRecord[], format: 'table' | 'csv' | 'json'): string {
  const cells = (columns: readonly (keyof ReportFileRecord)[]) => rows.map((r) => columns.map((c) => (r[c] === null ? null : String(r[c]))));
  if (format === 'json') return `${JSON.stringify(rows, null, 2)}\n`;
  if (format === 'csv') return toCsv(REPORT_FILE_COLUMNS, cells(REPORT_FILE_COLUMNS));
  return `${toTable(TABLE_COLUMNS, cells(TABLE_COLUMNS), COUNTS)}${rows.length} report file(s)\n`;
}
