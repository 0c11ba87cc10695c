import { ingestFile } from '../../jobs/ingest-file.ts';
import { ReconError } from '../../src/errors.ts';
import { encodingNote } from '../../src/parse/decode.ts';
import { assertRange } from '../../src/util/dates.ts';
import { choiceFlag, dateFlag } from '../args.ts';
import type { Command } from '../command.ts';
import { progressReporter } from '../progress.ts';

export const ingestCommand: Command = {
  usage: 'ingest FILE... [--account ID] [--kind settlement|release] [--from YYYY-MM-DD --to YYYY-MM-DD]',
  accounts: 'one',
  flags: { kind: { type: 'string' }, from: { type: 'string' }, to: { type: 'string' } },
  flagHelp: [
    ['--kind K', 'settlement or release; detected from the header when omitted'],
    ['--from D', 'first business date the file covers (inferred from its rows when omitted)'],
    ['--to D', 'last business date the file covers (inferred from its rows when omitted)'],
  ],
  details:
    'Each file is one transaction: it is stored whole or not at all. The same file twice is a no-op; a file that\n' +
    'overlaps an earlier one adds only the rows not seen before. Bad rows are kept in rejected_rows with their line.\n' +
    "The files become the account's: a report of another site or another Mercado Pago user than the account's is refused.",
  async run(ctx) {
    if (ctx.args.length === 0) throw new ReconError('USAGE', 'ingest needs at least one FILE');
    const kind = choiceFlag(ctx.flags, 'kind', ['settlement', 'release'] as const);
    const from = dateFlag(ctx.flags, 'from');
    const to = dateFlag(ctx.flags, 'to');
    if (from && to) assertRange(from, to);
    const deps = await ctx.deps();
    let failed = 0;
    for (const path of ctx.args) {
      const progress = progressReporter(ctx.err, `ingest ${path}`);
      try {
        const r = await ingestFile(deps, { path, kind, from, to, onProgress: progress.update });
        progress.done();
        if (r.status === 'already_ingested') {
          ctx.out.write(`${path}: already ingested as report file ${r.reportFileId} (${r.kind}, ${r.coversFrom}..${r.coversTo}); nothing to do\n`);
        } else {
          ctx.out.write(
            `${path}: ${r.kind} report ${r.coversFrom}..${r.coversTo} -> file ${r.reportFileId}: ` +
              `read ${r.rowsRead}, stored ${r.rowsStored}, duplicate ${r.rowsDuplicate}, rejected ${r.rowsRejected}${encodingNote(r.encoding)}\n`,
          );
          if (r.rowsRejected > 0) {
            ctx.out.write(`  see: select line, code, message from ${deps.config.schema}.rejected_rows where report_file_id = ${r.reportFileId};\n`);
          }
        }
      } catch (err) {
        progress.done();
        if (!(err instanceof ReconError)) throw err;
        ctx.err.write(`${path}: error ${err.code}: ${err.message}\n`);
        failed++;
      }
    }
    return failed > 0 ? 1 : 0;
  },
};
