import { migrateToLatest } from '../../src/db/migrate.ts';
import type { Command } from '../command.ts';

export const migrateCommand: Command = {
  usage: 'migrate',
  flags: {},
  flagHelp: [],
  async run(ctx) {
    const deps = await ctx.deps();
    const results = await migrateToLatest(deps.conn);
    if (results.length === 0) ctx.out.write(`schema ${deps.config.schema} is up to date\n`);
    for (const r of results) ctx.out.write(`${r.status === 'Success' ? 'applied' : r.status}: ${r.migrationName}\n`);
    return 0;
  },
};
