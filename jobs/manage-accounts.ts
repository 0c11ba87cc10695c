/**
 * Use case: `mp-recon accounts add|list|disable|enable`. Adding an account asks Mercado Pago who its
 * token belongs to (GET /users/me) and refuses a token of another site, so a report or notification
 * of one account can never be taken for another's. The token is read to be checked, then forgotten:
 * the row keeps only where to read it again.
 */
import { type Account, assertAccountId, DEFAULT_ACCOUNT_ID, type TokenSource } from '../src/accounts/account.ts';
import { accountHoldsRows, insertAccount, listAccounts, setAccountEnabled } from '../src/accounts/account-store.ts';
import { createRowPartitions } from '../src/accounts/row-partitions.ts';
import { inTransaction } from '../src/db/transaction.ts';
import { readToken } from '../src/accounts/read-token.ts';
import { defaultAccount } from '../src/accounts/resolve-accounts.ts';
import type { EngineDeps } from '../src/deps.ts';
import { ReconError } from '../src/errors.ts';
import { MpClient } from '../src/mp/client.ts';
import { lastRunsFinishedAt } from '../src/runs/last-run.ts';
import { isSiteId, SITES } from '../src/sites.ts';
import { isTimezone } from '../src/util/dates.ts';

export interface AddAccountRequest {
  readonly id: string;
  readonly site: string;
  readonly token: Exclude<TokenSource, { kind: 'config' }>;
  readonly label?: string | undefined;
  /** Business timezone; the site's by default. */
  readonly timezone?: string | undefined;
}

export interface AddedAccount {
  readonly account: Account;
  readonly nickname: string | null;
  /**
   * This was the first account added to a database whose rows so far belonged to the implicit
   * default account: they stay under `default`, which is no longer reconciled until it is added too.
   */
  readonly defaultLeftBehind: boolean;
}

export async function addAccount(deps: EngineDeps, request: AddAccountRequest): Promise<AddedAccount> {
  assertAccountId(request.id);
  if (!isSiteId(request.site)) throw new ReconError('UNKNOWN_SITE', `unknown site '${request.site}'; one of ${Object.keys(SITES).join(', ')}`);
  const site = SITES[request.site];
  if (request.timezone !== undefined && !isTimezone(request.timezone)) throw new ReconError('USAGE', `--timezone '${request.timezone}' is not an IANA timezone (e.g. America/Sao_Paulo)`);
  const token = readToken(request.token, deps.config);
  const mp = new MpClient({ baseUrl: deps.config.mpBaseUrl, accessToken: token, log: deps.log });
  const me = await mp.users.me();
  if (me.siteId !== null && me.siteId !== site.id) {
    throw new ReconError(
      'ACCOUNT_SITE_MISMATCH',
      `the token of ${describeSource(request.token)} belongs to Mercado Pago user ${me.id} in ${me.siteId}, not ${site.id}: add it with --site ${me.siteId}, or use that site's token`,
    );
  }
  const account: Account = {
    id: request.id,
    site: site.id,
    currency: site.currency,
    timezone: request.timezone ?? site.timezone,
    label: request.label ?? null,
    mpUserId: me.id,
    token: request.token,
    enabled: true,
  };
  const first = (await listAccounts(deps.conn.db)).length === 0;
  // The row and its report-row partitions together: an account never exists without a place for its rows.
  await inTransaction(deps.conn, async (tx) => {
    await insertAccount(tx.db, account);
    await createRowPartitions(tx.db, account.id);
  });
  const defaultLeftBehind = first && account.id !== DEFAULT_ACCOUNT_ID && (await accountHoldsRows(deps.conn.db, DEFAULT_ACCOUNT_ID));
  return { account, nickname: me.nickname, defaultLeftBehind };
}

export interface ListedAccount extends Account {
  /** When the account's latest run finished (null: never). */
  readonly lastRunAt: Date | null;
}

/** Every account, or the implicit default one when none is defined. */
export async function listAllAccounts(deps: EngineDeps): Promise<ListedAccount[]> {
  const defined = await listAccounts(deps.conn.db);
  const lastRuns = await lastRunsFinishedAt(deps.conn.db);
  const accounts = defined.length > 0 ? defined : [defaultAccount(deps.config)];
  return accounts.map((a) => ({ ...a, lastRunAt: lastRuns.get(a.id) ?? null }));
}

export async function setEnabled(deps: EngineDeps, id: string, enabled: boolean): Promise<void> {
  await setAccountEnabled(deps.conn.db, id, enabled);
}

function describeSource(source: AddAccountRequest['token']): string {
  return source.kind === 'env' ? `$${source.name}` : source.path;
}

