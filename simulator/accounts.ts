/**
 * Simulated sellers. Each access token maps to one account with its site, currency (and its decimals),
 * timezone and user_id; unknown site fields default from SITES. A request's token picks the account
 * whose reports, ledger and (later) payments it sees.
 */
import { isSiteId, SITES, type SiteId } from './generator/sites.ts';
import { fail } from './http-io.ts';

export interface Account {
  readonly accessToken: string;
  readonly userId: number;
  readonly siteId: SiteId;
  readonly currency: string;
  /** Decimals written for this currency (CLP 0, others 2). */
  readonly decimals: number;
  /** IANA timezone of the seller (business dates); report dates use display_timezone instead. */
  readonly timezone: string;
}

export interface AccountInput {
  readonly accessToken: string;
  readonly userId?: number;
  readonly siteId?: SiteId | string;
  readonly currency?: string;
  readonly decimals?: number;
  readonly timezone?: string;
}

/** Validates an account description (admin API or code); 400 with a reason when it is wrong. */
export function parseAccount(input: unknown, defaultUserId: number): Account {
  if (input === null || typeof input !== 'object') fail(400, 'bad_request', 'Account must be a JSON object.');
  const a = input as Record<string, unknown>;
  const token = a.accessToken ?? a.access_token;
  if (typeof token !== 'string' || !/^\S{8,}$/.test(token)) {
    fail(400, 'bad_request', 'accessToken must be a string of at least 8 non-space characters.');
  }
  const siteText = typeof a.siteId === 'string' ? a.siteId : typeof a.site_id === 'string' ? a.site_id : 'MLA';
  if (!isSiteId(siteText)) fail(400, 'bad_request', `Unknown site_id '${siteText}'.`);
  const site = SITES[siteText];
  const userId = a.userId ?? a.user_id ?? defaultUserId;
  if (typeof userId !== 'number' || !Number.isSafeInteger(userId) || userId <= 0) fail(400, 'bad_request', 'userId must be a positive integer.');
  const decimals = a.decimals ?? site.decimals;
  if (typeof decimals !== 'number' || !Number.isInteger(decimals) || decimals < 0 || decimals > 4) fail(400, 'bad_request', 'decimals must be 0..4.');
  const currency = a.currency ?? a.currency_id ?? site.currency;
  if (typeof currency !== 'string' || !/^[A-Z]{3}$/.test(currency)) fail(400, 'bad_request', 'currency must be an ISO 4217 code.');
  const timezone = a.timezone ?? site.timezone;
  if (typeof timezone !== 'string' || !isTimezone(timezone)) fail(400, 'bad_request', `Unknown timezone '${String(timezone)}'.`);
  return { accessToken: token, userId, siteId: site.id, currency, decimals, timezone };
}

function isTimezone(name: string): boolean {
  try {
    new Intl.DateTimeFormat('en-US', { timeZone: name });
    return true;
  } catch {
    return false;
  }
}

/** The account's public face (what GET /users/me would show); never the token. */
export function describeAccount(account: Account): Record<string, unknown> {
  return { id: account.userId, site_id: account.siteId, currency_id: account.currency, timezone: account.timezone };
}
