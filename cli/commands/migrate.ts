/** `mp-recon migrate` (jobs/migrate.ts): create or update the schema. */
import { migrateSchema } from '../../jobs/migrate.ts';
import type { Command } from '../command.ts';

export const migrateCommand: Command = {
  usage: 'migrate',
  flags: {},
  flagHelp: [],
  async run(ctx) {
    const { schema, results } = await migrateSchema(await ctx.engine());
    if (results.length === 0) ctx.out.write(`schema ${schema} is up to date\n`);
    for (const r of results) ctx.out.write(`${r.status === 'Success' ? 'applied' : r.status}: ${r.migrationName}\n`);
    return 0;
  },
};
