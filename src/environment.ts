/**
 * Every environment variable mp-recon reads, with its default and meaning, as `--help` shows them.
 * Apart from config.ts (which reads them) so that help loads no config dependencies such as node-cron.
 */
import { SITE_IDS } from './sites.ts';

export const ENVIRONMENT: ReadonlyArray<readonly [name: string, fallback: string, meaning: string]> = [
  ['DATABASE_URL', '(unset: embedded database)', 'Postgres connection string, e.g. postgres://user@host:5432/db'],
  ['RECON_SCHEMA', 'recon', 'schema that holds every mp-recon table and view'],
  ['RECON_SITE', 'MLA', `Mercado Pago site: ${SITE_IDS.join(', ')}`],
  ['RECON_TIMEZONE', "the site's timezone", 'IANA timezone that defines business dates'],
  ['RECON_GRACE_HOURS', '24', 'hours a payment or refund may take to appear in a report before it is called missing'],
  ['RECON_DATA_DIR', './.mp-recon', 'where the embedded database keeps its files, and fetched reports are kept (reports/<schema>/<kind>/)'],
  ['LOG_LEVEL', 'warn', 'pino log level: fatal, error, warn, info, debug, trace, silent'],
  ['MP_BASE_URL', 'https://api.mercadopago.com', 'Mercado Pago API base URL (point it at the simulator for tests)'],
  ['MP_ACCESS_TOKEN', '(none)', 'Mercado Pago access token (secret; never logged)'],
  ['RECON_CRON', '30 4 * * *', 'when `mp-recon schedule` runs the nightly cycle (cron syntax, in RECON_TIMEZONE)'],
  ['RECON_REOPEN_DAYS', '7', 'days before yesterday that the nightly cycle fetches if missing and reconciles again'],
  ['MP_WEBHOOK_SECRET', '(none)', 'secret of your MP application that signs Webhooks (x-signature); when set, unsigned or badly signed Webhooks get 401 (secret; never logged)'],
  ['RECON_WEBHOOK_MAX_AGE_SECONDS', '691200', 'oldest x-signature timestamp the receiver accepts, in seconds (8 days: longer than MP retries a Webhook); 0 = no window'],
  ['RECON_RECEIVER_PORT', '8080', 'port `mp-recon serve` listens on (--port overrides)'],
  ['RECON_NOTIFY_MAX_ATTEMPTS', '8', 'processing attempts per notification before it is left failed'],
  ['RECON_NOTIFY_RETRY_SECONDS', '30', 'first retry delay of a failed notification; doubles per attempt up to 6 h'],
  ['RECON_SYNC_OLDER_THAN_MINUTES', '15', 'pending orders older than this are looked up by external_reference (`mp-recon sync`)'],
  ['RECON_SYNC_WINDOW_DAYS', '30', 'pending orders created longer ago than this are marked stale and no longer searched'],
  ['RECON_SYNC_EVERY_MINUTES', '5', 'how often `mp-recon serve` runs the contingency search; 0 = only in the nightly cycle'],
  ['RECON_SYNC_BATCH', '1000', 'orders one contingency search looks up, least recently synced first'],
  ['RECON_ALERT_WEBHOOK_URL', '(none)', 'after each nightly cycle and backfill, a JSON summary is POSTed here (Slack/Teams-friendly `text`; secret; never logged)'],
  ['RECON_UI_URL', '(none)', 'address of `mp-recon ui`, linked from alerts'],
  ['RECON_REPORT_WAIT_MINUTES', '60', 'how long a run waits for MP to generate a report; a report still pending is resumed by the next run'],
];
