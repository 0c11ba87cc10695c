/**
 * Which account a notification belongs to, from the Mercado Pago user it names (parse-notification.ts
 * userId, matched against accounts.mp_user_id, which `accounts add` learned from /users/me):
 * - no account defined: the implicit default account (RECON_SITE, MP_ACCESS_TOKEN), whatever the user,
 *   so a single-account install works as before accounts existed;
 * - the account with that user: its own, processed with its token (a disabled one's is kept, ignored);
 * - no user named (an IPN, whose query has only topic and id, unless the account's notification URL
 *   carries ?user_id=N) and exactly one account defined: that account, the only one it can be;
 * - none has it, or no user named among several accounts: kept with no account and ignored, never lost,
 *   with a note that says why. Its token is not ours to guess, so nothing is fetched for it.
 */
import type { Kysely } from 'kysely';
import type { Account } from '../accounts/account.ts';
import { listAccounts } from '../accounts/account-store.ts';
import { defaultAccount } from '../accounts/resolve-accounts.ts';
import type { Config } from '../config.ts';
import type { Database } from '../db/database.ts';

export type Route =
  | { readonly account: Account; readonly ignored: string | null }
  | { readonly account: null; readonly ignored: string };

export async function routeNotification(db: Kysely<Database>, config: Config, userId: string | null): Promise<Route> {
  const accounts = await listAccounts(db);
  if (accounts.length === 0) return { account: defaultAccount(config), ignored: null };
  if (userId === null) {
    const only = accounts.length === 1 ? accounts[0] : undefined;
    if (only?.enabled) return { account: only, ignored: null };
    return { account: null, ignored: 'the notification names no Mercado Pago user (user_id), so no account can be told; add ?user_id=N to the notification URL of each account' };
  }
  const account = accounts.find((a) => a.mpUserId === userId);
  if (!account) return { account: null, ignored: `no account has Mercado Pago user ${userId} (mp-recon accounts list)` };
  if (!account.enabled) return { account, ignored: `account ${account.id} (Mercado Pago user ${userId}) is disabled (mp-recon accounts enable ${account.id} processes its next ones)` };
  return { account, ignored: null };
}

/**
 * The account a recorded notification is processed for: its row, or the implicit default account for
 * rows of a database with none defined (and rows recorded before accounts existed); undefined when the
 * account has been removed since.
 */
export function accountOf(accounts: readonly Account[], config: Config, accountId: string): Account | undefined {
  const defined = accounts.find((a) => a.id === accountId);
  if (defined) return defined;
  const fallback = defaultAccount(config);
  return accountId === fallback.id ? fallback : undefined;
}
