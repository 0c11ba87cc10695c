/**
 * Typed configuration, read once from the environment and frozen. Precedence is CLI flag > environment >
 * `.env` file in the working directory > default; commands apply their flags on top of what this
 * returns. Defaults come from the table in environment.ts, which `--help` prints too. Secrets are held
 * here but never printed: `describeConfig` masks them.
 */
import cron from 'node-cron';
import { type DefaultedName, defaultOf, readDotEnv } from './environment.ts';
import { ReconError } from './errors.ts';
import { isSiteId, SITE_IDS, SITES, type SiteId } from './sites.ts';
import { isTimezone } from './util/dates.ts';

export interface Config {
  /** Postgres connection string; absent means the embedded database under dataDir. */
  readonly databaseUrl: string | undefined;
  readonly schema: string;
  readonly site: SiteId;
  readonly currency: string;
  readonly timezone: string;
  readonly graceHours: number;
  readonly dataDir: string;
  readonly logLevel: string;
  /** LOG_LEVEL was set: the long-running commands (schedule, serve) otherwise log at info, not warn. */
  readonly logLevelGiven: boolean;
  readonly mpBaseUrl: string;
  readonly mpAccessToken: string | undefined;
  /** Where an added account's token is read from, for the error when it is missing (accounts/account-scope.ts). */
  readonly mpTokenSource?: string | undefined;
  /** node-cron expression `mp-recon schedule` fires on, read in `timezone`. */
  readonly cron: string;
  /** Days before yesterday that each nightly run fetches if missing and reconciles again. */
  readonly reopenDays: number;
  /** Order sync (docs/order-sync.md). The secret that signs Webhooks (x-signature); never logged. */
  readonly webhookSecret: string | undefined;
  /**
   * Oldest x-signature ts accepted, in seconds (also the tolerated clock skew into the future); 0 = no
   * window. The default outlasts MP's whole Webhooks retry schedule, in case retries keep the first ts.
   */
  readonly webhookMaxAgeSeconds: number;
  /** Port `mp-recon serve` listens on. */
  readonly receiverPort: number;
  /** Processing attempts per notification delivery before it is left failed. */
  readonly notifyMaxAttempts: number;
  /** First retry delay of a failed notification, in seconds; doubles per attempt (capped at 6 h). */
  readonly notifyRetrySeconds: number;
  /** Age at which a pending order is looked up by external_reference (`mp-recon sync`). */
  readonly syncOlderThanMinutes: number;
  /** Pending orders created longer ago than this are marked stale and no longer searched. */
  readonly syncWindowDays: number;
  /** How often `mp-recon serve` runs the contingency search; 0 = only in the nightly cycle. */
  readonly syncEveryMinutes: number;
  /** Orders one contingency search looks up, least recently synced first. */
  readonly syncBatch: number;
  /** How long one run waits for MP to generate a report before leaving it for the next run. */
  readonly reportWaitMinutes: number;
  /** The job queue (docs: README "Scaling out"): how long a job may run before another worker takes it again. */
  readonly jobLeaseSeconds: number;
  /** How often a worker returns expired jobs to the queue. */
  readonly queueMaintenanceSeconds: number;

  /** Where the summary after each nightly cycle and backfill is POSTed; a secret (never logged). */
  readonly alertWebhookUrl: string | undefined;
  /** The UI's address, linked from alerts. */
  readonly uiUrl: string | undefined;
}

const SCHEMA_RE = /^[a-z_][a-z0-9_]{0,62}$/;

/**
 * Schemas mp-recon must not install into: Postgres reserves `pg_*` (pg_catalog, pg_toast...) and
 * `information_schema` for itself, and `public` is shared by every application in the database, while
 * mp-recon's schema is its own (migrations, grants to recon_reader and `drop` touch all of it).
 */
export function reservedSchema(schema: string): boolean {
  return schema.startsWith('pg_') || schema === 'information_schema' || schema === 'public';
}

export function loadConfig(env: NodeJS.ProcessEnv = readDotEnv()): Config {
  const siteText = (env.RECON_SITE ?? defaultOf('RECON_SITE')).trim().toUpperCase();
  if (!isSiteId(siteText)) {
    throw new ReconError('UNKNOWN_SITE', `RECON_SITE='${siteText}' is not a Mercado Pago site; use one of ${SITE_IDS.join(', ')}`);
  }
  const site = SITES[siteText];
  const schema = (env.RECON_SCHEMA ?? defaultOf('RECON_SCHEMA')).trim();
  if (!SCHEMA_RE.test(schema)) {
    throw new ReconError('CONFIG_INVALID', `RECON_SCHEMA='${schema}' must be a lower-case SQL identifier (letters, digits, _)`);
  }
  if (reservedSchema(schema)) {
    throw new ReconError(
      'SCHEMA_RESERVED',
      `RECON_SCHEMA='${schema}' is reserved (pg_*, information_schema and public belong to Postgres or to every application); choose a schema of mp-recon's own, such as recon`,
    );
  }
  const timezone = (env.RECON_TIMEZONE ?? '').trim() || site.timezone;
  if (!isTimezone(timezone)) {
    throw new ReconError('CONFIG_INVALID', `RECON_TIMEZONE='${timezone}' is not an IANA timezone (for example America/Sao_Paulo)`);
  }
  const graceText = (env.RECON_GRACE_HOURS ?? defaultOf('RECON_GRACE_HOURS')).trim();
  if (!/^\d{1,4}$/.test(graceText)) {
    throw new ReconError('CONFIG_INVALID', `RECON_GRACE_HOURS='${graceText}' must be a whole number of hours`);
  }
  const cronText = (env.RECON_CRON ?? '').trim() || defaultOf('RECON_CRON');
  if (!cron.validate(cronText)) {
    throw new ReconError('CONFIG_INVALID', `RECON_CRON='${cronText}' is not a cron expression; write five fields, e.g. '30 4 * * *' (04:30 every day)`);
  }
  const reopenText = (env.RECON_REOPEN_DAYS ?? defaultOf('RECON_REOPEN_DAYS')).trim();
  if (!/^\d{1,3}$/.test(reopenText) || Number(reopenText) > 365) {
    throw new ReconError('CONFIG_INVALID', `RECON_REOPEN_DAYS='${reopenText}' must be a whole number of days from 0 to 365`);
  }
  const databaseUrl = env.DATABASE_URL?.trim() || undefined;
  return Object.freeze({
    databaseUrl,
    schema,
    site: site.id,
    currency: site.currency,
    timezone,
    graceHours: Number(graceText),
    dataDir: env.RECON_DATA_DIR?.trim() || defaultOf('RECON_DATA_DIR'),
    logLevel: env.LOG_LEVEL?.trim() || defaultOf('LOG_LEVEL'),
    logLevelGiven: Boolean(env.LOG_LEVEL),
    mpBaseUrl: (env.MP_BASE_URL?.trim() || defaultOf('MP_BASE_URL')).replace(/\/+$/, ''),
    mpAccessToken: env.MP_ACCESS_TOKEN?.trim() || undefined,
    cron: cronText,
    reopenDays: Number(reopenText),
    webhookSecret: env.MP_WEBHOOK_SECRET?.trim() || undefined,
    webhookMaxAgeSeconds: wholeNumber(env, 'RECON_WEBHOOK_MAX_AGE_SECONDS', 0, 31_536_000),
    receiverPort: wholeNumber(env, 'RECON_RECEIVER_PORT', 0, 65_535),
    notifyMaxAttempts: wholeNumber(env, 'RECON_NOTIFY_MAX_ATTEMPTS', 1, 100),
    notifyRetrySeconds: wholeNumber(env, 'RECON_NOTIFY_RETRY_SECONDS', 0, 86_400),
    syncOlderThanMinutes: wholeNumber(env, 'RECON_SYNC_OLDER_THAN_MINUTES', 0, 525_600),
    syncWindowDays: wholeNumber(env, 'RECON_SYNC_WINDOW_DAYS', 1, 3_650),
    syncEveryMinutes: wholeNumber(env, 'RECON_SYNC_EVERY_MINUTES', 0, 1_440),
    syncBatch: wholeNumber(env, 'RECON_SYNC_BATCH', 1, 100_000),
    reportWaitMinutes: wholeNumber(env, 'RECON_REPORT_WAIT_MINUTES', 1, 1_440),
    jobLeaseSeconds: wholeNumber(env, 'RECON_JOB_LEASE_SECONDS', 1, 86_400),
    queueMaintenanceSeconds: wholeNumber(env, 'RECON_QUEUE_MAINTENANCE_SECONDS', 1, 3_600),
    alertWebhookUrl: env.RECON_ALERT_WEBHOOK_URL?.trim() || undefined,
    uiUrl: env.RECON_UI_URL?.trim().replace(/\/+$/, '') || undefined,
  });
}

/** A whole-number variable within [min, max], or its default when unset or empty. */
function wholeNumber(env: NodeJS.ProcessEnv, name: DefaultedName, min: number, max: number): number {
  const text = (env[name] ?? '').trim();
  if (text === '') return Number(defaultOf(name));
  if (!/^\d{1,9}$/.test(text) || Number(text) < min || Number(text) > max) {
    throw new ReconError('CONFIG_INVALID', `${name}='${text}' must be a whole number from ${min} to ${max}`);
  }
  return Number(text);
}
