/**
 * Makes sure a report configuration exists before reports are requested: MP generates nothing for a
 * seller without one (or, on some accounts, falls back to defaults: either is fine here). A missing
 * config (404) is created with mp-recon's defaults; one created meanwhile by someone else (409) is
 * left alone. An existing config is never changed.
 */
import type { Logger } from '../log.ts';
import type { MpClient } from '../mp/client.ts';
import { MpApiError } from '../mp/errors.ts';
import type { ReportKind } from '../parse/parse-report.ts';
import { defaultReportConfig, mpKind } from './report-defaults.ts';

export async function ensureReportConfig(mp: MpClient, kind: ReportKind, log: Logger): Promise<'existing' | 'created'> {
  try {
    await mp.reports.getConfig(mpKind(kind));
    return 'existing';
  } catch (err) {
    if (!(err instanceof MpApiError && err.code === 'MP_NOT_FOUND')) throw err;
  }
  try {
    await mp.reports.createConfig(mpKind(kind), defaultReportConfig(kind));
    log.info({ kind }, 'created the missing mp report configuration with mp-recon defaults');
    return 'created';
  } catch (err) {
    if (err instanceof MpApiError && err.code === 'MP_CONFLICT') return 'existing';
    throw err;
  }
}
