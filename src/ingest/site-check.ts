/**
 * A file from another Mercado Pago site must not land in this database: stamped with the configured
 * site, an MLB report in an MLA database raises dozens of false mismatches. The check runs in SQL over
 * the staging table once every row is staged (before anything moves into the row tables), so the file
 * is refused whole and the transaction rolls back with nothing stored.
 *
 * Evidence of another site, row by row:
 * - a SITE cell (settlement report; orders' `site`) naming another site;
 * - an amount currency that is another site's own currency (BRL in an MLA database). Other currencies
 *   (USD from a misconfigured checkout) are a row-level `currency_mismatch`, not another site's file.
 */
import { namedSql } from '../db/named-sql.ts';
import type { Transaction } from '../db/transaction.ts';
import { ReconError } from '../errors.ts';
import { SITE_IDS, SITES, type SiteId } from '../sites.ts';

export interface SiteColumns {
  /** Text column holding a site id, if the file has one. */
  readonly site?: string;
  /** Text column holding the currency the amounts are in. */
  readonly currency?: string;
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

/** Refuses the file (SITE_MISMATCH) when a staged row names another site or another site's currency. */
export async function assertSameSite(tx: Transaction, site: SiteId, table: string, columns: SiteColumns, fileName: string): Promise<void> {
  if (!columns.site && !columns.currency) return;
  const others = otherSitesByCurrency(site);
  const { rows } = await tx.run(namedSql<{ line: number; site: string | null; currency: string | null }>(foreignRowSql(table, columns), { site, others: [...others.keys()] }));
  const row = rows[0];
  if (!row) return;
  const own = `this database reconciles ${site} (${SITES[site].currency}), set by RECON_SITE`;
  const theirs = row.site && row.site !== site ? row.site : others.get(row.currency ?? '');
  const evidence = row.site && row.site !== site ? `its SITE is ${row.site}` : `its amounts are in ${row.currency}, the currency of ${theirs}`;
  throw new ReconError(
    'SITE_MISMATCH',
    `${fileName}: line ${row.line} belongs to another site: ${evidence}, but ${own}; nothing was stored. ` +
      `Load it where RECON_SITE=${theirs ?? 'its site'} (another schema or database).`,
    { details: { file: fileName, line: row.line, site: row.site, currency: row.currency, expectedSite: site } },
  );
}

/** Where a report's site evidence sits in its staging table (columns named as in report-schema.ts). */
export function reportSiteColumns(kind: 'settlement' | 'release'): SiteColumns {
  return kind === 'settlement' ? { site: 'site', currency: 'settlement_currency' } : { currency: 'currency' };
}
