/**
 * A Mercado Pago account this database reconciles: its site (and so currency and timezone), the
 * seller id Mercado Pago gave its token, and where its token is read from. The token itself is
 * never stored, logged or printed: only its source is.
 */
import { ReconError } from '../errors.ts';
import type { SiteId } from '../sites.ts';

/** The account of a database with none defined: RECON_SITE and MP_ACCESS_TOKEN, as before accounts existed. */
export const DEFAULT_ACCOUNT_ID = 'default';

export type TokenSource =
  | { readonly kind: 'env'; readonly name: string }
  | { readonly kind: 'file'; readonly path: string }
  /** The default account's: MP_ACCESS_TOKEN through the configuration. */
  | { readonly kind: 'config' };

export interface Account {
  readonly id: string;
  readonly site: SiteId;
  readonly currency: string;
  readonly timezone: string;
  readonly label: string | null;
  readonly mpUserId: string | null;
  readonly token: TokenSource;
  readonly enabled: boolean;
}

const ACCOUNT_ID = /^[a-z][a-z0-9_-]{0,39}$/;
const ENV_NAME = /^[A-Za-z_][A-Za-z0-9_]*$/;

export function assertAccountId(id: string): void {
  if (!ACCOUNT_ID.test(id)) {
    throw new ReconError('USAGE', `account id '${id}' must start with a lower-case letter and hold only a-z, 0-9, _ and - (at most 40)`);
  }
}

export function assertEnvName(name: string): void {
  if (!ENV_NAME.test(name)) throw new ReconError('USAGE', `--token-env '${name}' is not an environment variable name`);
}

/** `env MP_TOKEN_AR`, `file /run/secrets/ar`: what `accounts list` shows instead of the token. */
export function describeTokenSource(source: TokenSource): string {
  if (source.kind === 'env') return `env ${source.name}`;
  if (source.kind === 'file') return `file ${source.path}`;
  return 'env MP_ACCESS_TOKEN';
}
