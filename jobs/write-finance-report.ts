/**
 * Use case: write the finance report for a window of business dates to an HTML file. The CLI's `report`
 * command and the demo call it; it reads the views, renders, and writes the file in one go.
 */
import { writeFile } from 'node:fs/promises';
import { resolve } from 'node:path';
import type { Deps } from '../src/deps.ts';
import { assertRange } from '../src/util/dates.ts';
import { renderReportHtml } from '../src/finance/render-html.ts';
import { gatherReportData, type ReportData } from '../src/finance/report-data.ts';

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
  assertRange(request.from, request.to);
  const data = await gatherReportData(deps.conn.db, {
    from: request.from,
    to: request.to,
    site: deps.config.site,
    timezone: deps.config.timezone,
    asOf: deps.now(),
  });
  const path = resolve(request.out ?? defaultReportPath(request.from, request.to));
  await writeFile(path, renderReportHtml(data), 'utf8');
  deps.log.info({ path, open: data.open.length }, 'finance report written');
  return { path, data };
}
