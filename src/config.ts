/**
 * Typed configuration, read once from the environment and frozen. Precedence is CLI flag > environment >
 * default; commands apply their flags on top of what this returns. Secrets are held here but never
 * printed: `describeConfig` masks them.
 */
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
}

/** Every environment variable mp-recon reads, with its default and meaning (shown by --help). */
export const ENVIRONMENT: ReadonlyArray<readonly [name: string, fallback: string, meaning: string]> = [
  ['DATABASE_URL', '(unset: embedded database)', 'Postgres connection string, e.g. postgres://user@host:5432/db'],
  ['RECON_SCHEMA', 'recon', 'schema that holds every mp-recon table and view'],
  ['RECON_SITE', 'MLA', `Mercado Pago site: ${SITE_IDS.join(', ')}`],
  ['RECON_TIMEZONE', "the site's timezone", 'IANA timezone that defines business dates'],
  ['RECON_GRACE_HOURS', '24', 'hours a payment or refund may take to appear in a report before it is called missing'],
  ['RECON_DATA_DIR', './.mp-recon', 'where the embedded database keeps its files'],
  ['LOG_LEVEL', 'warn', 'pino log level: fatal, error, warn, info, debug, trace, silent'],
  ['MP_BASE_URL', 'https://api.mercadopago.com', 'Mercado Pago API base URL (point it at the simulator for tests)'],
  ['MP_ACCESS_TOKEN', '(none)', 'Mercado Pago access token (secret; never logged)'],
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
  });
}

/** Removes the password from a connection string so it can be shown. */
export function maskDatabaseUrl(url: string): string {
  try {
    const parsed = new URL(url);
    if (parsed.password) parsed.password = '***';
    return parsed.toString();
  } catch {
    return '(unparseable DATABASE_URL)';
  }
}
