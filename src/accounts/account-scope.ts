/**
 * Narrows engine-wide deps to one account: the config then speaks for that account (its site,
 * currency, timezone and access token), the logger names it on every line, and every repository
 * filters by its id. A token that cannot be read is left out rather than failing here, so work that
 * never calls Mercado Pago (ingest, reconcile) runs without one; the client says where to put it.
 */
import type { Deps, EngineDeps } from '../deps.ts';
import { type Account, describeTokenSource } from './account.ts';
import { readToken } from './read-token.ts';

export function scopeToAccount(base: EngineDeps, account: Account): Deps {
  let token: string | undefined;
  try {
    token = readToken(account.token, base.config);
  } catch {
    token = undefined;
  }
  return {
    conn: base.conn,
    now: base.now,
    log: base.log.child({ account: account.id }),
    account,
    config: {
      ...base.config,
      site: account.site,
      currency: account.currency,
      timezone: account.timezone,
      mpAccessToken: token,
      mpTokenSource: account.token.kind === 'config' ? undefined : `account ${account.id} reads its token from ${describeTokenSource(account.token)}`,
    },
  };
}
