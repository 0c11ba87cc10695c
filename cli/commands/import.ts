import { importInternal } from '../../jobs/import-internal.ts';
import { ReconError } from '../../src/errors.ts';
import { INTERNAL_FILES, INTERNAL_KINDS, type InternalKind } from '../../src/merchant-files/internal-files.ts';
import { encodingNote } from '../../src/parse/decode.ts';
import type { Command } from '../command.ts';

export const importCommand: Command = {
  usage: 'import orders|payments|refunds FILE.csv [--account ID]',
  accounts: 'one',
  flags: {},
  flagHelp: [],
  details: [
    'Comma separated with a header row (any column order); amounts with "." decimals; timestamps ISO 8601 with',
    'offset (2026-11-01T10:00:00-03:00 or ...Z); an empty cell is null. Columns:',
    ...INTERNAL_KINDS.map((k) => `  ${k.padEnd(8)} ${INTERNAL_FILES[k].columns.map((c) => c.name).join(',')}`),
    'Any bad row is reported with its line number and nothing from the file is imported.',
    "The rows become the account's; payments and refunds must name an order of the same account.",
  ].join('\n'),
  async run(ctx) {
    const [kind, path, ...extra] = ctx.args;
    if (!kind || !(INTERNAL_KINDS as readonly string[]).includes(kind) || !path || extra.length > 0) {
      throw new ReconError('USAGE', `usage: mp-recon import ${INTERNAL_KINDS.join('|')} FILE.csv`);
    }
    const deps = await ctx.deps();
    try {
      const r = await importInternal(deps, kind as InternalKind, path);
      ctx.out.write(`${path}: ${r.rows} ${kind} (${r.inserted} new, ${r.updated} updated)${encodingNote(r.encoding)}\n`);
      return 0;
    } catch (err) {
      if (err instanceof ReconError && err.code === 'IMPORT_INVALID_ROWS') {
        const details = err.details as { problems: { line: number; message: string }[]; total: number };
        for (const p of details.problems) ctx.err.write(`${path}:${p.line}: ${p.message}\n`);
        if (details.total > details.problems.length) ctx.err.write(`... and ${details.total - details.problems.length} more\n`);
      }
      throw err;
    }
  },
};
