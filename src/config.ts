/**
 * Typed configuration, read once from the environment and frozen. Precedence is CLI flag > environment >
 * default; commands apply their flags on top of what this returns. Secrets are held here but never
 * printed: `describeConfig` masks them.
 */
import cron from 'node-cron';
import { ReconError } from './errors.ts';
import { isSiteId, SITE_IDS, SITES, type SiteId } from './sites.ts';

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
  readonly mpBaseUrl: string;
  readonly mpAccessToken: string | undefined;
  /** node-cron expression `mp-recon schedule` fires on, read in `timezone`. */
  readonly cron: string;
  /** Days before yesterday that each nightly run fetches if missing and reconciles again. */
  readonly reopenDays: number;
  /** Order sync (docs/order-sync.md). The secret that signs Webhooks (x-signature); never logged. */
  readonly webhookSecret: string | undefined;
  /** Oldest x-signature ts accepted, in seconds (also the tolerated clock skew into the future). */
  readonly webhookMaxAgeSeconds: number;
  /** Port `mp-recon serve` listens on. */
  readonly receiverPort: number;
  /** Processing attempts per notification delivery before it is left failed. */
  readonly notifyMaxAttempts: number;
  /** First retry delay of a failed notification, in seconds; doubles per attempt (capped at 6 h). */
  readonly notifyRetrySeconds: number;
  /** Age at which a pending order is looked up by external_reference (`mp-recon sync`). */
  readonly syncOlderThanMinutes: number;
  /** Where the summary after each nightly cycle and backfill is POSTed; a secret (never logged). */
  readonly alertWebhookUrl: string | undefined;
  /** The UI's address, linked from alerts. */
  readonly uiUrl: string | undefined;
}

/** Every environment variable mp-recon reads, with its default and meaning (shown by --help). */
export const ENVIRONMENT: ReadonlyArray<readonly [name: string, fallback: string, meaning: string]> = [
  ['DATABASE_URL', '(unset: embedded database)', 'Postgres connection string, e.g. postgres://user@host:5432/db'],
  ['RECON_SCHEMA', 'recon', 'schema that holds every mp-recon table and view'],
  ['RECON_SITE', 'MLA', `Mercado Pago site: ${SITE_IDS.join(', ')}`],
  ['RECON_TIMEZONE', "the site's timezone", 'IANA timezone that defines business dates'],
  ['RECON_GRACE_HOURS', '24', 'hours a payment or refund may take to appear in a report before it is called missing'],
  ['RECON_DATA_DIR', './.mp-recon', 'where the embedded database keeps its files, and fetched reports are kept (reports/<kind>/)'],
  ['LOG_LEVEL', 'warn', 'pino log level: fatal, error, warn, info, debug, trace, silent'],
  ['MP_BASE_URL', 'https://api.mercadopago.com', 'Mercado Pago API base URL (point it at the simulator for tests)'],
  ['MP_ACCESS_TOKEN', '(none)', 'Mercado Pago access token (secret; never logged)'],
  ['RECON_CRON', '30 4 * * *', 'when `mp-recon schedule` runs the nightly cycle (cron syntax, in RECON_TIMEZONE)'],
  ['RECON_REOPEN_DAYS', '7', 'days before yesterday that the nightly cycle fetches if missing and reconciles again'],
  ['MP_WEBHOOK_SECRET', '(none)', 'secret of your MP application that signs Webhooks (x-signature); when set, unsigned or badly signed Webhooks get 401 (secret; never logged)'],
  ['RECON_WEBHOOK_MAX_AGE_SECONDS', '300', 'oldest x-signature timestamp the receiver accepts, in seconds'],
  ['RECON_RECEIVER_PORT', '8080', 'port `mp-recon serve` listens on (--port overrides)'],
  ['RECON_NOTIFY_MAX_ATTEMPTS', '8', 'processing attempts per notification before it is left failed'],
  ['RECON_NOTIFY_RETRY_SECONDS', '30', 'first retry delay of a failed notification; doubles per attempt up to 6 h'],
  ['RECON_SYNC_OLDER_THAN_MINUTES', '15', 'pending orders older than this are looked up by external_reference (`mp-recon sync`)'],
  ['RECON_ALERT_WEBHOOK_URL', '(none)', 'after each nightly cycle and backfill, a JSON summary is POSTed here (Slack/Teams-friendly `text`; secret; never logged)'],
  ['RECON_UI_URL', '(none)', 'address of `mp-recon ui`, linked from alerts'],
];

const SCHEMA_RE = /^[a-z_][a-z0-9_]{0,62}$/;

export function loadConfig(env: NodeJS.ProcessEnv = process.env): Config {
  const siteText = (env.RECON_SITE ?? 'MLA').trim().toUpperCase();
  if (!isSiteId(siteText)) {
    throw new ReconError('UNKNOWN_SITE', `RECON_SITE='${siteText}' is not a Mercado Pago site; use one of ${SITE_IDS.join(', ')}`);
  }
  const site = SITES[siteText];
  const schema = (env.RECON_SCHEMA ?? 'recon').trim();
  if (!SCHEMA_RE.test(schema)) {
    throw new ReconError('CONFIG_INVALID', `RECON_SCHEMA='${schema}' must be a lower-case SQL identifier (letters, digits, _)`);
  }
  const timezone = (env.RECON_TIMEZONE ?? '').trim() || site.timezone;
  try {
    new Intl.DateTimeFormat('en-US', { timeZone: timezone });
  } catch {
    throw new ReconError('CONFIG_INVALID', `RECON_TIMEZONE='${timezone}' is not an IANA timezone (for example America/Sao_Paulo)`);
  }
  const graceText = (env.RECON_GRACE_HOURS ?? '24').trim();
  if (!/^\d{1,4}$/.test(graceText)) {
    throw new ReconError('CONFIG_INVALID', `RECON_GRACE_HOURS='${graceText}' must be a whole number of hours`);
  }
  const cronText = (env.RECON_CRON ?? '').trim() || '30 4 * * *';
  if (!cron.validate(cronText)) {
    throw new ReconError('CONFIG_INVALID', `RECON_CRON='${cronText}' is not a cron expression; write five fields, e.g. '30 4 * * *' (04:30 every day)`);
  }
  const reopenText = (env.RECON_REOPEN_DAYS ?? '7').trim();
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
    dataDir: env.RECON_DATA_DIR?.trim() || './.mp-recon',
    logLevel: env.LOG_LEVEL?.trim() || 'warn',
    mpBaseUrl: (env.MP_BASE_URL?.trim() || 'https://api.mercadopago.com').replace(/\/+$/, ''),
    mpAccessToken: env.MP_ACCESS_TOKEN?.trim() || undefined,
    cron: cronText,
    reopenDays: Number(reopenText),
    webhookSecret: env.MP_WEBHOOK_SECRET?.trim() || undefined,
    webhookMaxAgeSeconds: wholeNumber(env, 'RECON_WEBHOOK_MAX_AGE_SECONDS', 300, 1, 86_400),
    receiverPort: wholeNumber(env, 'RECON_RECEIVER_PORT', 8080, 0, 65_535),
    notifyMaxAttempts: wholeNumber(env, 'RECON_NOTIFY_MAX_ATTEMPTS', 8, 1, 100),
    notifyRetrySeconds: wholeNumber(env, 'RECON_NOTIFY_RETRY_SECONDS', 30, 0, 86_400),
    syncOlderThanMinutes: wholeNumber(env, 'RECON_SYNC_OLDER_THAN_MINUTES', 15, 0, 525_600),
    alertWebhookUrl: env.RECON_ALERT_WEBHOOK_URL?.trim() || undefined,
    uiUrl: env.RECON_UI_URL?.trim().replace(/\/+$/, '') || undefined,
  });
}

/** A whole-number variable within [min, max], or its default when unset or empty. */
function wholeNumber(env: NodeJS.ProcessEnv, name: string, fallback: number, min: number, max: number): number {
  const text = (env[name] ?? '').trim();
  if (text === '') return fallback;
  if (!/^\d{1,9}$/.test(text) || Number(text) < min || Number(text) > max) {
    throw new ReconError('CONFIG_INVALID', `${name}='${text}' must be a whole number from ${min} to ${max}`);
  }
  return Number(text);
}
