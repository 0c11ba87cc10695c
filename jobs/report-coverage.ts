/**
 * Use case: `mp-recon coverage`. For each report kind, which business days the ingested reports of this
 * or every account (site) cover over a range (default: from the first covered day to the last), the
 * gaps, and how many days are covered. The web UI's calendar and the alerts read the same building block.
 */
import { resolveAccounts } from '../src/accounts/resolve-accounts.ts';
import type { Deps } from '../src/deps.ts';
import { type KindCoverage, reportCoverage } from '../src/finance/report-coverage.ts';
import { isSiteId } from '../src/sites.ts';

export interface CoverageRequest {
  /** An account id (its site's reports), a site id as before accounts existed, or every account. */
  readonly account?: string | undefined;
  readonly from?: string | undefined;
  readonly to?: string | undefined;
}

export interface KindCoverageSummary extends KindCoverage {
  readonly coveredDays: number;
}

export async function coverageOfReports(deps: Deps, request: CoverageRequest): Promise<KindCoverageSummary[]> {
  const site = request.account === undefined ? undefined : await siteOf(deps, request.account);
  const coverage = await reportCoverage(deps.conn.db, { site, from: request.from, to: request.to });
  return coverage.map((c) => ({ ...c, coveredDays: c.days.filter((d) => d.covered).length }));
}

async function siteOf(deps: Deps, account: string): Promise<string> {
  if (isSiteId(account.toUpperCase())) {
    const ids = (await resolveAccounts(deps.conn.db, deps.config, 'all')).map((a) => a.id);
    if (!ids.includes(account)) return account.toUpperCase();
  }
  const [found] = await resolveAccounts(deps.conn.db, deps.config, account);
  return found?.site ?? account;
}
