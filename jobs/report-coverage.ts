/**
 * Use case: `mp-recon coverage`. For each report kind, which business days the ingested reports of this
 * or every account (site) cover over a range (default: from the first covered day to the last), the
 * gaps, and how many days are covered. The web UI's calendar and the alerts read the same building block.
 */
import type { Deps } from '../src/deps.ts';
import { type KindCoverage, reportCoverage } from '../src/finance/report-coverage.ts';

export interface CoverageRequest {
  /** One account (site), or every account. */
  readonly site?: string | undefined;
  readonly from?: string | undefined;
  readonly to?: string | undefined;
}

export interface KindCoverageSummary extends KindCoverage {
  readonly coveredDays: number;
}

export async function coverageOfReports(deps: Deps, request: CoverageRequest): Promise<KindCoverageSummary[]> {
  const coverage = await reportCoverage(deps.conn.db, request);
  return coverage.map((c) => ({ ...c, coveredDays: c.days.filter((d) => d.covered).length }));
}
