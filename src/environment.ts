/**
 * Every environment variable mp-recon reads: its default, declared once here, and its meaning, as
 * `--help` shows them; `loadConfig` (config.ts) takes its defaults from this table too. This is also
 * the one module that touches `process.env`. Apart from config.ts so that help loads no config
 * dependencies such as node-cron.
 */
import { ReconError } from './errors.ts';
import { SITE_IDS } from './sites.ts';

export interface EnvironmentVariable {
  /** The value used when the variable is unset; absent when unset means none, or a value derived elsewhere. */
  readonly fallback?: string;
  /** How `--help` words the default when it is not a literal value. */
  readonly shown?: string;
  readonly meaning: string;
}

/** In the order `--help` lists them. */
export const ENVIRONMENT = {
  DATABASE_URL: { shown: '(unset: embedded database)', meaning: 'Postgres connection string, e.g. postgres://user@host:5432/db' },
  RECON_SCHEMA: { fallback: 'recon', meaning: 'schema that holds every mp-recon table and view' },
  RECON_SITE: { fallback: 'MLA', meaning: `Mercado Pago site: ${SITE_IDS.join(', ')}` },
  RECON_TIMEZONE: { shown: "the site's timezone", meaning: 'IANA timezone that defines business dates' },
  RECON_GRACE_HOURS: { fallback: '24', meaning: 'hours a payment or refund may take to appear in a report before it is called missing' },
  RECON_DATA_DIR: { fallback: './.mp-recon', meaning: 'where the embedded database keeps its files, and fetched reports are kept (reports/<schema>/<account>/<kind>/)' },
  LOG_LEVEL: { fallback: 'warn', meaning: 'pino log level: fatal, error, warn, info, debug, trace, silent' },
  MP_BASE_URL: { fallback: 'https://api.mercadopago.com', meaning: 'Mercado Pago API base URL (point it at the simulator for tests)' },
  MP_ACCESS_TOKEN: { shown: '(none)', meaning: 'Mercado Pago access token (secret; never logged)' },
  RECON_CRON: { fallback: '30 4 * * *', meaning: 'when `mp-recon schedule` runs the nightly cycle (cron syntax, in RECON_TIMEZONE)' },
  RECON_REOPEN_DAYS: { fallback: '7', meaning: 'days before yesterday that the nightly cycle fetches if missing and reconciles again' },
  MP_WEBHOOK_SECRET: {
    shown: '(none)',
    meaning: 'secret of your MP application that signs Webhooks (x-signature); when set, unsigned or badly signed Webhooks get 401 (secret; never logged)',
  },
  RECON_WEBHOOK_MAX_AGE_SECONDS: {
    fallback: '691200',
    meaning: 'oldest x-signature timestamp the receiver accepts, in seconds (8 days: longer than MP retries a Webhook); 0 = no window',
  },
  RECON_RECEIVER_PORT: { fallback: '8080', meaning: 'port `mp-recon serve` listens on (--port overrides)' },
  RECON_NOTIFY_MAX_ATTEMPTS: { fallback: '8', meaning: 'processing attempts per notification before it is left failed' },
  RECON_NOTIFY_RETRY_SECONDS: { fallback: '30', meaning: 'first retry delay of a failed notification; doubles per attempt up to 6 h' },
  RECON_SYNC_OLDER_THAN_MINUTES: { fallback: '15', meaning: 'pending orders older than this are looked up by external_reference (`mp-recon sync`)' },
  RECON_SYNC_WINDOW_DAYS: { fallback: '30', meaning: 'pending orders created longer ago than this are marked stale and no longer searched' },
  RECON_SYNC_EVERY_MINUTES: { fallback: '5', meaning: 'how often `mp-recon serve` runs the contingency search; 0 = only in the nightly cycle' },
  RECON_SYNC_BATCH: { fallback: '1000', meaning: 'orders one contingency search looks up, least recently synced first' },
  RECON_ALERT_WEBHOOK_URL: {
    shown: '(none)',
    meaning: 'after each nightly cycle and backfill, a JSON summary is POSTed here (Slack/Teams-friendly `text`; secret; never logged)',
  },
  RECON_UI_URL: { shown: '(none)', meaning: 'address of `mp-recon ui`, linked from alerts' },
  RECON_JOB_LEASE_SECONDS: {
    fallback: '1800',
    meaning: 'how long a queued job may run before another worker takes it again (set it above your longest job: a killed worker\'s job waits this long)',
  },
  RECON_QUEUE_MAINTENANCE_SECONDS: { fallback: '30', meaning: 'how often a worker returns expired jobs to the queue' },
  RECON_REPORT_WAIT_MINUTES: {
    fallback: '60',
    meaning: 'how long a run waits for MP to generate a report; a report still pending is resumed by the next run',
  },
} as const satisfies Record<string, EnvironmentVariable>;

export type EnvironmentName = keyof typeof ENVIRONMENT;

/** The names whose default is a literal value. */
export type DefaultedName = { [N in EnvironmentName]: (typeof ENVIRONMENT)[N] extends { fallback: string } ? N : never }[EnvironmentName];

/** The default of a variable, e.g. `defaultOf('RECON_SCHEMA')` is `recon`. */
export function defaultOf(name: DefaultedName): string {
  return (ENVIRONMENT[name] as { fallback: string }).fallback;
}

/** The default as `--help` shows it. */
export function shownDefault(variable: EnvironmentVariable): string {
  return variable.shown ?? variable.fallback ?? '(none)';
}

/**
 * Variables that are not mp-recon's settings (so not in the table or in `--help`): the OS user, who
 * acts when the CLI records an event without --actor, and CI=true, which turns live progress bars off.
 */
export type HostVariable = 'USER' | 'CI';

/**
 * One variable as the process has it now: the shell's environment, plus `.env` once readDotEnv has run.
 * For what must be known before (or without) loading the configuration; everything else reads Config.
 */
export function environmentValue(name: EnvironmentName | HostVariable): string | undefined {
  return process.env[name];
}

/**
 * A variable the user named (an account's `--token-env`), not one of mp-recon's own: read here because
 * this is the one module that touches process.env.
 */
export function environmentVariable(name: string): string | undefined {
  return process.env[name];
}

let dotEnvRead = false;

/**
 * Reads `./.env` into process.env once, as `.env.example` suggests; a variable already set in the
 * environment wins over the file (process.loadEnvFile never overwrites one). No file is fine.
 */
export function readDotEnv(path = '.env'): NodeJS.ProcessEnv {
  if (!dotEnvRead) {
    dotEnvRead = true;
    try {
      process.loadEnvFile(path);
    } catch (err) {
      if ((err as NodeJS.ErrnoException).code !== 'ENOENT') {
        throw new ReconError('CONFIG_INVALID', `${path}: cannot be read as an environment file (${(err as Error).message}); fix or remove it`);
      }
    }
  }
  return process.env;
}
