/**
 * A file from another Mercado Pago account must not land in this account's books: stamped with this
 * account, an MLB report in an MLA account raises dozens of false mismatches, and another seller's
 * report (even of the same site: a franchise holds one account per store) mixes two sellers' money.
 * The check runs in SQL over the staging table once every row is staged (before anything moves into
 * the row tables), so the file is refused whole and the transaction rolls back with nothing stored.
 *
 * Evidence of another site, row by row (SITE_MISMATCH):
 * - a SITE cell (settlement report; orders' `site`) naming another site;
 * - an amount currency that is another site's own currency (BRL in an MLA account). Other currencies
 *   (USD from a misconfigured checkout) are a row-level `currency_mismatch`, not another site's file.
 * Evidence of another seller (REPORT_OTHER_ACCOUNT): a USER_ID cell naming another Mercado Pago user
 * than the account's (when the account knows its user: `accounts add` asked Mercado Pago).
 */
import type { Account } from '../accounts/account.ts';
import { namedSql } from '../db/named-sql.ts';
import type { Transaction } from '../db/transaction.ts';
import { ReconError } from '../errors.ts';
import { SITE_IDS, SITES, type SiteId } from '../sites.ts';

export interface SiteColumns {
  /** Text column holding a site id, if the file has one. */
  readonly site?: string;
  /** Text column holding the currency the amounts are in. */
  readonly currency?: string;
  /** SQL expression of the Mercado Pago user the row belongs to, if the file may have one. */
  readonly userId?: string;
}

/** The currencies of every other site, by currency. */
function otherSitesByCurrency(site: SiteId): Map<string, SiteId> {
  return new Map(SITE_IDS.filter((s) => s !== site && SITES[s].currency !== SITES[site].currency).map((s) => [SITES[s].currency, s]));
}

/** The first staged row that belongs to another site, as SQL over `table` (which has a `line` column), with parameters :site and :others. */
export function foreignRowSql(table: string, columns: SiteColumns): string {
  const tests: string[] = [];
  if (columns.site) tests.push(`(nullif(trim(${columns.site}), '') is not null and upper(trim(${columns.site})) <> :site::text)`);
  if (columns.currency) tests.push(`upper(trim(${columns.currency})) = any (:others::text[])`);
  const site = columns.site ? `upper(trim(${columns.site}))` : 'null::text';
  const currency = columns.currency ? `upper(trim(${columns.currency}))` : 'null::text';
  // :site and :others are always referenced, so both have a type whichever tests apply.
  return `select line, ${site} as site, ${currency} as currency, :site::text as expected, cardinality(:others::text[]) as others
            from ${table} where ${tests.join(' or ')} order by line limit 1`;
}

/** How the account is named in a refusal: the default one by the settings that make it. */
function describeAccount(account: Account): string {
  const site = `${account.site} (${SITES[account.site].currency})`;
  return account.token.kind === 'config' ? `account ${account.id} reconciles ${site}, set by RECON_SITE` : `account ${account.id} reconciles ${site}`;
}

/** Refuses the file (SITE_MISMATCH) when a staged row names another site or another site's currency. */
export async function assertSameSite(tx: Transaction, account: Account, table: string, columns: SiteColumns, fileName: string): Promise<void> {
  if (!columns.site && !columns.currency) return;
  const site = account.site;
  const others = otherSitesByCurrency(site);
  const { rows } = await tx.run(namedSql<{ line: number; site: string | null; currency: string | null }>(foreignRowSql(table, columns), { site, others: [...others.keys()] }));
  const row = rows[0];
  if (!row) return;
  const theirs = row.site && row.site !== site ? row.site : others.get(row.currency ?? '');
  const evidence = row.site && row.site !== site ? `its SITE is ${row.site}` : `its amounts are in ${row.currency}, the currency of ${theirs}`;
  throw new ReconError(
    'SITE_MISMATCH',
    `${fileName}: line ${row.line} belongs to another site: ${evidence}, but ${describeAccount(account)}; nothing was stored. ` +
      `Load it into an account of ${theirs ?? 'its site'} (mp-recon accounts list; --account ID).`,
    { details: { file: fileName, line: row.line, site: row.site, currency: row.currency, expectedSite: site, account: account.id } },
  );
}

/** Refuses the file (REPORT_OTHER_ACCOUNT) when a staged row names another Mercado Pago user than the account's. */
export async function assertSameUser(tx: Transaction, account: Account, table: string, columns: SiteColumns, fileName: string): Promise<void> {
  if (!columns.userId || account.mpUserId === null) return;
  const user = `nullif(trim(${columns.userId}), '')`;
  const { rows } = await tx.run(
    namedSql<{ line: number; user_id: string }>(`select line, ${user} as user_id from ${table} where ${user} <> :user::text order by line limit 1`, { user: account.mpUserId }),
  );
  const row = rows[0];
  if (!row) return;
  throw new ReconError(
    'REPORT_OTHER_ACCOUNT',
    `${fileName}: line ${row.line} is Mercado Pago user ${row.user_id}'s, but account ${account.id} is user ${account.mpUserId}; nothing was stored. ` +
      'Load it into the account of that user (mp-recon accounts list; --account ID).',
    { details: { file: fileName, line: row.line, userId: row.user_id, account: account.id, accountUserId: account.mpUserId } },
  );
}

/** Refuses a report of another site or another seller than the account's (both checks above). */
export async function assertSameAccount(tx: Transaction, account: Account, table: string, columns: SiteColumns, fileName: string): Promise<void> {
  await assertSameSite(tx, account, table, columns, fileName);
  await assertSameUser(tx, account, table, columns, fileName);
}

/**
 * Where a report's site and seller evidence sits in its staging table (columns named as in
 * report-schema.ts): a release report keeps a USER_ID column, if its configuration has one, in `extra`.
 */
export function reportSiteColumns(kind: 'settlement' | 'release'): SiteColumns {
  return kind === 'settlement' ? { site: 'site', currency: 'settlement_currency', userId: 'user_id' } : { currency: 'currency', userId: `extra->>'USER_ID'` };
}
