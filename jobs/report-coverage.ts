/**
 * Use case: `mp-recon coverage`. For each report kind, which business days an account's ingested
 * reports cover over a range (default: from the first covered day to the last), the gaps, and how many
 * days are covered. The web UI's calendar and the alerts read the same building block.
 *
 * Whose reports: the deps' account; or, when `account` is given, that account, or a site's accounts
 * (a site id as before accounts existed, when each database held one site's books).
 */
import type { Account } from '../src/accounts/account.ts';
import { resolveAccounts } from '../src/accounts/resolve-accounts.ts';
import type { Deps, EngineDeps } from '../src/deps.ts';
import { type KindCoverage, reportCoverage } from '../src/finance/report-coverage.ts';
import { isSiteId } from '../src/sites.ts';

export interface CoverageRequest {
  /** An account id, or a site id (every account of that site); the deps' account when absent. */
  readonly account?: string | undefined;
  readonly from?: string | undefined;
  readonly to?: string | undefined;
}

export interface KindCoverageSummary extends KindCoverage {
  readonly coveredDays: number;
}

export async function coverageOfReports(deps: EngineDeps | Deps, request: CoverageRequest): Promise<KindCoverageSummary[]> {
  const accounts = await accountsOf(deps, request.account);
  const coverage = await reportCoverage(deps.conn.db, { accounts: accounts.map((a) => a.id), from: request.from, to: request.to });
  return coverage.map((c) => ({ ...c, coveredDays: c.days.filter((d) => d.covered).length }));
}

/** The accounts `--account` names for coverage: an account id, else a site's enabled accounts. */
export async function coverageAccounts(deps: EngineDeps, flag: string | undefined): Promise<Account[]> {
  if (flag !== undefined && isSiteId(flag.toUpperCase())) {
    const all = await resolveAccounts(deps.conn.db, deps.config, 'all');
    if (!all.some((a) => a.id === flag)) return all.filter((a) => a.site === flag.toUpperCase());
  }
  return resolveAccounts(deps.conn.db, deps.config, flag);
}

async function accountsOf(deps: EngineDeps | Deps, flag: string | undefined): Promise<Account[]> {
  if (flag === undefined && 'account' in deps) return [deps.account];
  return coverageAccounts(deps, flag);
}
