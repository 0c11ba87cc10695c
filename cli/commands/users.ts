/** `mp-recon users add|list|disable` (jobs/manage-users.ts): the people who may log in to the UI, and their roles. */
import { addUiUser, disableUiUser, listUiUsers } from '../../jobs/manage-users.ts';
import type { UserRole } from '../../src/db/database.ts';
import { ReconError } from '../../src/errors.ts';
import { toTable } from '../../src/output/format-rows.ts';
import { ROLES } from '../../src/web/users.ts';
import { choiceFlag } from '../args.ts';
import type { Command } from '../command.ts';
import { readPassword } from '../read-password.ts';

export const usersCommand: Command = {
  usage: 'users add NAME --role viewer|analyst|admin   (password from a prompt, or the first line of stdin)\n       mp-recon users list\n       mp-recon users disable NAME',
  flags: { role: { type: 'string' } },
  flagHelp: [['--role R', 'viewer (reads), analyst (acts on mismatches) or admin (and manages users)']],
  async run(ctx) {
    const [action, name, ...extra] = ctx.args;
    if (action === 'list' && !name) {
      const users = await listUiUsers(await ctx.engine());
      if (users.length === 0) ctx.out.write('no users yet; add one with mp-recon users add NAME --role admin\n');
      else ctx.out.write(toTable(['name', 'role', 'created_at', 'disabled_at'], users.map((u) => [u.name, u.role, u.created_at.toISOString(), u.disabled_at ? new Date(u.disabled_at).toISOString() : null])));
      return 0;
    }
    if ((action === 'add' || action === 'disable') && name && extra.length === 0) {
      const deps = await ctx.engine();
      if (action === 'disable') {
        await disableUiUser(deps, name);
        ctx.out.write(`user ${name} disabled; their sessions ended\n`);
        return 0;
      }
      const role = choiceFlag(ctx.flags, 'role', ROLES) as UserRole | undefined;
      if (!role) throw new ReconError('USAGE', 'users add needs --role viewer, analyst or admin');
      await addUiUser(deps, name, role, await readPassword(`password for ${name}: `, ctx.err));
      ctx.out.write(`user ${name} added as ${role}\n`);
      return 0;
    }
    throw new ReconError('USAGE', 'usage: mp-recon users add NAME --role R | users list | users disable NAME');
  },
};
