import { readFileSync } from 'node:fs';
import { Writable } from 'node:stream';
import { describe, expect, it } from 'vitest';
import { main } from '../cli/main.ts';
import { type Config, loadConfig } from '../src/config.ts';
import { type DefaultedName, defaultOf, ENVIRONMENT } from '../src/environment.ts';

/** The Config field each defaulted variable sets. */
const FIELD: Record<DefaultedName, keyof Config> = {
  RECON_SCHEMA: 'schema',
  RECON_SITE: 'site',
  RECON_GRACE_HOURS: 'graceHours',
  RECON_DATA_DIR: 'dataDir',
  LOG_LEVEL: 'logLevel',
  MP_BASE_URL: 'mpBaseUrl',
  RECON_CRON: 'cron',
  RECON_REOPEN_DAYS: 'reopenDays',
  RECON_WEBHOOK_MAX_AGE_SECONDS: 'webhookMaxAgeSeconds',
  RECON_RECEIVER_PORT: 'receiverPort',
  RECON_NOTIFY_MAX_ATTEMPTS: 'notifyMaxAttempts',
  RECON_NOTIFY_RETRY_SECONDS: 'notifyRetrySeconds',
  RECON_SYNC_OLDER_THAN_MINUTES: 'syncOlderThanMinutes',
  RECON_SYNC_WINDOW_DAYS: 'syncWindowDays',
  RECON_SYNC_EVERY_MINUTES: 'syncEveryMinutes',
  RECON_SYNC_BATCH: 'syncBatch',
  RECON_REPORT_WAIT_MINUTES: 'reportWaitMinutes',
  RECON_JOB_LEASE_SECONDS: 'jobLeaseSeconds',
  RECON_QUEUE_MAINTENANCE_SECONDS: 'queueMaintenanceSeconds',
};

async function help(): Promise<string> {
  let text = '';
  const out = new Writable({
    write(chunk, _encoding, done) {
      text += String(chunk);
      done();
    },
  });
  expect(await main(['--help'], { out, err: out })).toBe(0);
  return text;
}

describe('each default is declared once', () => {
  it('--help shows the default loadConfig uses, for every variable that has one', async () => {
    const text = await help();
    const config = loadConfig({});
    for (const [name, field] of Object.entries(FIELD) as [DefaultedName, keyof Config][]) {
      expect(text).toMatch(new RegExp(`\\n  ${name} +.*\\(default: ${defaultOf(name).replace(/[.*+?^${}()|[\]\\]/g, '\\$&')}\\)\\n`));
      expect(String(config[field]), name).toBe(defaultOf(name));
    }
  });

  it('lists every variable of the table, in order', async () => {
    const text = await help();
    const listed = [...text.matchAll(/^ {2}([A-Z][A-Z_]+) {2,}/gm)].map((m) => m[1]);
    expect(listed).toEqual(Object.keys(ENVIRONMENT));
  });

  it('.env.example, where it writes a default, writes the same one', () => {
    const text = readFileSync(new URL('../.env.example', import.meta.url), 'utf8');
    const written = [...text.matchAll(/^#? ?([A-Z_]+)=(.*)$/gm)].filter(([, name]) => name! in FIELD);
    expect(written.length).toBeGreaterThan(0);
    for (const [, name, value] of written) expect(value, name).toBe(defaultOf(name as DefaultedName));
  });
});
