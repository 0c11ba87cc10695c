/**
 * Which accounts a command works on, from its `--account ID|all`. With none defined, the configured
 * site and token are one account named default, so every command of a single-account install works
 * unchanged. With several, leaving `--account` out is an error that lists them: guessing which
 * account's money to touch is not ours to do.
 */
import type { Kysely } from 'kysely';
import type { Config } from '../config.ts';
import type { Database } from '../db/database.ts';
import { ReconError } from '../errors.ts';
import { type Account, DEFAULT_ACCOUNT_ID } from './account.ts';
import { listAccounts } from './account-store.ts';

export function defaultAccount(config: Config): Account {
  return {
    id: DEFAULT_ACCOUNT_ID,
    site: config.site,
    currency: config.currency,
    timezone: config.timezone,
    label: null,
    mpUserId: null,
    token: { kind: 'config' },
    enabled: true,
  };
}

export async function resolveAccounts(db: Kysely<Database>, config: Config, flag: string | undefined): Promise<Account[]> {
  const defined = await listAccounts(db);
  const all = defined.length > 0 ? defined : [defaultAccount(config)];
  if (flag === 'all') return all.filter((a) => a.enabled);
  const ids = all.map((a) => a.id).join(', ');
  if (flag !== undefined) {
    const found = all.find((a) => a.id === flag);
    if (!found) throw new ReconError('ACCOUNT_NOT_FOUND', `no account ${flag}; the accounts are: ${ids}`);
    return [found];
  }
  if (all.length === 1) return all;
  throw new ReconError('ACCOUNT_AMBIGUOUS', `this database holds ${all.length} accounts (${ids}): say which with --account ID, or --account all`);
}
