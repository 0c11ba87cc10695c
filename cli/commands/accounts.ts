/** `mp-recon accounts add|list|disable|enable` (jobs/manage-accounts.ts): the Mercado Pago accounts of this database. */
import { addAccount, listAllAccounts, setEnabled } from '../../jobs/manage-accounts.ts';
import { assertEnvName, describeTokenSource } from '../../src/accounts/account.ts';
import { ReconError } from '../../src/errors.ts';
import { toTable } from '../../src/output/format-rows.ts';
import { stringFlag } from '../args.ts';
import type { Command } from '../command.ts';

const USAGE =
  'accounts add ID --site SITE (--token-env VAR | --token-file PATH) [--label TEXT] [--timezone TZ]\n' +
  '       mp-recon accounts list\n' +
  '       mp-recon accounts disable ID | enable ID';

export const accountsCommand: Command = {
  usage: USAGE,
  flags: {
    site: { type: 'string' },
    'token-env': { type: 'string' },
    'token-file': { type: 'string' },
    label: { type: 'string' },
    timezone: { type: 'string' },
  },
  flagHelp: [
    ['--site SITE', 'MLA, MLB, MLM, MLC, MCO, MPE or MLU: checked against what Mercado Pago says of the token'],
    ['--token-env VAR', 'read the access token from the environment variable VAR (the token is never stored)'],
    ['--token-file PATH', 'read the access token from the file PATH (the token is never stored)'],
    ['--label TEXT', 'a name for people ("Brasil")'],
    ['--timezone TZ', "business timezone (default: the site's)"],
  ],
  details: [
    'With no account added, RECON_SITE and MP_ACCESS_TOKEN are one account named default.',
    'A disabled account is left out of --account all (the nightly cycle, backfills); its data stays.',
  ].join('\n'),
  async run(ctx) {
    const [action, id, ...extra] = ctx.args;
    if (action === 'list' && !id) {
      const accounts = await listAllAccounts(await ctx.engine());
      ctx.out.write(
        toTable(
          ['id', 'site', 'currency', 'timezone', 'label', 'mp_user_id', 'token', 'enabled', 'last_run'],
          accounts.map((a) => [a.id, a.site, a.currency, a.timezone, a.label, a.mpUserId, describeTokenSource(a.token), a.enabled ? 'yes' : 'no', a.lastRunAt?.toISOString() ?? null]),
        ),
      );
      return 0;
    }
    if ((action === 'disable' || action === 'enable') && id && extra.length === 0) {
      await setEnabled(await ctx.engine(), id, action === 'enable');
      ctx.out.write(`account ${id} ${action}d\n`);
      return 0;
    }
    if (action === 'add' && id && extra.length === 0) {
      const site = stringFlag(ctx.flags, 'site');
      const tokenEnv = stringFlag(ctx.flags, 'token-env');
      const tokenFile = stringFlag(ctx.flags, 'token-file');
      if (!site) throw new ReconError('USAGE', 'accounts add needs --site (MLA, MLB, MLM, MLC, MCO, MPE or MLU)');
      if ((tokenEnv === undefined) === (tokenFile === undefined)) throw new ReconError('USAGE', 'accounts add needs one of --token-env VAR or --token-file PATH');
      if (tokenEnv !== undefined) assertEnvName(tokenEnv);
      const token = tokenEnv !== undefined ? ({ kind: 'env', name: tokenEnv } as const) : ({ kind: 'file', path: tokenFile ?? '' } as const);
      const { account, nickname, defaultLeftBehind } = await addAccount(await ctx.engine(), {
        id,
        site: site.toUpperCase(),
        token,
        label: stringFlag(ctx.flags, 'label'),
        timezone: stringFlag(ctx.flags, 'timezone'),
      });
      ctx.out.write(
        `account ${account.id} added: ${account.site} (${account.currency}, ${account.timezone}), Mercado Pago user ${account.mpUserId}${nickname ? ` (${nickname})` : ''}, token from ${describeTokenSource(account.token)}\n`,
      );
      if (defaultLeftBehind) {
        ctx.err.write(
          'note: the rows this database held so far belong to the account named default (RECON_SITE, MP_ACCESS_TOKEN); ' +
            'with accounts defined it is reconciled only once added too: mp-recon accounts add default --site SITE --token-env MP_ACCESS_TOKEN\n',
        );
      }
      return 0;
    }
    throw new ReconError('USAGE', `usage: mp-recon ${USAGE}`);
  },
};
