/**
 * Use case: `mp-recon doctor`, one checklist of what a working installation needs — the database
 * (reachable, migrated, version), the data folder, the Mercado Pago token (/users/me: user id and site),
 * each report configuration (exists, has every column the engine needs, else the PUT that adds them),
 * whether MP's own schedule is on, and the webhook secret — each line with the fix when it fails.
 * Nothing is changed anywhere. The account is the one this configuration names (one token, one site).
 */
import type { Config } from '../src/config.ts';
import type { Connection } from '../src/db/connection.ts';
import type { CheckLine } from '../src/doctor/check-line.ts';
import { checkDatabase, checkDataDir, checkWebhookSecret } from '../src/doctor/local-checks.ts';
import { checkReportConfigs, checkToken } from '../src/doctor/mp-checks.ts';
import type { MpClient } from '../src/mp/client.ts';

export interface DoctorInput {
  readonly config: Config;
  readonly openDatabase: () => Promise<Connection>;
  /** Undefined when no token is configured. */
  readonly mp: MpClient | undefined;
}

export async function runDoctor(input: DoctorInput): Promise<CheckLine[]> {
  const lines: CheckLine[] = [];
  lines.push(...(await checkDatabase(input.openDatabase)));
  lines.push(await checkDataDir(input.config));
  const token = await checkToken(input.config, input.mp);
  lines.push(token.line);
  if (token.usable && input.mp) lines.push(...(await checkReportConfigs(input.mp)));
  lines.push(checkWebhookSecret(input.config));
  return lines;
}
