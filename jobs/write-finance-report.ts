/**
 * Use case: write the finance report for a window of business dates to an HTML file. The CLI's `report`
 * command and the demo call it; it reads the views, renders, and writes the file in one go. The report
 * is one account's, or with several (`report --account all`) one page with a part per account, read
 * from one snapshot.
 */
import { writeFile } from 'node:fs/promises';
import { resolve } from 'node:path';
import type { Deps } from '../src/deps.ts';
import { ReconError } from '../src/errors.ts';
import { renderReportHtml } from '../src/finance/render-html.ts';
import { gatherReportsData, type ReportData } from '../src/finance/report-data.ts';
import { assertRange } from '../src/util/dates.ts';

export interface WriteReportRequest {
  readonly from: string;
  readonly to: string;
  /** Where to write; default ./mp-recon-report-<from>-<to>.html in the working directory. */
  readonly out?: string | undefined;
}

export function defaultReportPath(from: string, to: string): string {
  return `mp-recon-report-${from}-${to}.html`;
}

export async function writeFinanceReport(deps: Deps, request: WriteReportRequest): Promise<{ path: string; data: ReportData }> {
  const { path, reports } = await writeAccountsReport([deps], request);
  return { path, data: reports[0]! };
}

export async function writeAccountsReport(accounts: readonly Deps[], request: WriteReportRequest): Promise<{ path: string; reports: ReportData[] }> {
  assertRange(request.from, request.to);
  const [first] = accounts;
  if (!first) throw new ReconError('ACCOUNT_NOT_FOUND', 'no enabled account to report on');
  const asOf = first.now();
  const reports = await gatherReportsData(
    first.conn.db,
    accounts.map((d) => ({ from: request.from, to: request.to, account: d.account.id, site: d.config.site, currency: d.config.currency, timezone: d.config.timezone, asOf })),
  );
  const path = resolve(request.out ?? defaultReportPath(request.from, request.to));
  await writeFile(path, renderReportHtml(reports), 'utf8');
  first.log.info({ path, accounts: reports.map((r) => r.account), open: reports.reduce((n, r) => n + r.open.length, 0) }, 'finance report written');
  return { path, reports };
}
