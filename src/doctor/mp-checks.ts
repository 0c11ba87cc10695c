/**
 * Doctor's checks at Mercado Pago: the token (GET /users/me: accepted, its user id, its site against
 * RECON_SITE), and per report kind the configuration (exists; has every column the engine needs, else
 * the PUT that adds them) and whether MP's own schedule is on.
 */
import { defaultReportConfig, mpKind } from '../acquire/report-defaults.ts';
import type { Config } from '../config.ts';
import type { MpClient } from '../mp/client.ts';
import { MpApiError } from '../mp/errors.ts';
import type { ReportConfig } from '../mp/report-types.ts';
import { REPORT_SCHEMAS } from '../parse/report-schema.ts';
import { type CheckLine, failed, ok, warn } from './check-line.ts';

export async function checkToken(config: Config, mp: MpClient | undefined): Promise<{ line: CheckLine; usable: boolean }> {
  if (!mp) return { line: failed('token', 'MP_ACCESS_TOKEN is not set', 'set MP_ACCESS_TOKEN to your application\'s access token (APP_USR-..., "Your integrations" > Credentials)'), usable: false };
  try {
    const me = await mp.users.me();
    if (me.siteId && me.siteId !== config.site) {
      return { line: failed('token', `accepted: user ${me.id}, site ${me.siteId}, but RECON_SITE is ${config.site}`, `set RECON_SITE=${me.siteId}, or use the token of the ${config.site} account`), usable: true };
    }
    return { line: ok('token', `accepted: user ${me.id}, site ${me.siteId ?? 'not said'}`), usable: true };
  } catch (err) {
    if (err instanceof MpApiError && err.code === 'MP_UNAUTHORIZED') {
      return { line: failed('token', 'refused by Mercado Pago (401)', 'copy a current production access token from "Your integrations" > Credentials into MP_ACCESS_TOKEN'), usable: false };
    }
    const code = err instanceof MpApiError ? err.code : 'UNEXPECTED';
    return { line: failed('token', `could not be checked (${code})`, `check MP_BASE_URL (${config.mpBaseUrl}) and the network`), usable: false };
  }
}

export async function checkReportConfigs(mp: MpClient): Promise<CheckLine[]> {
  const lines: CheckLine[] = [];
  for (const schema of REPORT_SCHEMAS) {
    const kind = mpKind(schema.kind);
    const name = `${schema.kind} config`;
    let config: ReportConfig;
    try {
      config = await mp.reports.getConfig(kind);
    } catch (err) {
      if (err instanceof MpApiError && err.code === 'MP_NOT_FOUND') {
        lines.push(failed(name, 'none at Mercado Pago', `run mp-recon fetch (it creates one), or POST /v1/account/${kind}/config`));
        continue;
      }
      lines.push(failed(name, `could not be read (${err instanceof MpApiError ? err.code : 'UNEXPECTED'})`, 'run mp-recon doctor again; if it persists, check the token\'s permissions'));
      continue;
    }
    const have = new Set((config.columns ?? []).map((c) => c.key));
    const missingRequired = schema.requiredKeys.filter((group) => !group.some((key) => have.has(key))).map((group) => group[0] ?? '');
    const wanted = defaultReportConfig(schema.kind).columns.map((c) => c.key);
    const missingUseful = wanted.filter((key) => !have.has(key) && !missingRequired.includes(key));
    const add = [...missingRequired, ...missingUseful];
    const put = `PUT /v1/account/${kind}/config with {"columns": ${JSON.stringify([...(config.columns ?? []).map((c) => c.key), ...add].map((key) => ({ key })))}}`;
    if (missingRequired.length > 0) lines.push(failed(name, `lacks columns mp-recon needs: ${missingRequired.join(', ')}`, put));
    else if (missingUseful.length > 0) lines.push(warn(name, `has the required columns; lacks ${missingUseful.join(', ')} (stored for finance)`, put));
    else lines.push(ok(name, `${have.size} columns, all the engine uses`));
    lines.push(ok(`${schema.kind} schedule`, config.scheduled ? "MP's own schedule is on (harmless: mp-recon asks for its own reports)" : "MP's own schedule is off (mp-recon asks for its reports itself)"));
  }
  return lines;
}
