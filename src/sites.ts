/**
 * The seven Mercado Pago sites mp-recon supports. A site fixes the currency, how many decimals that
 * currency has, the merchant's business timezone and the language of translated report headers.
 *
 * Decimals: Mercado Pago's currencies API (GET /currencies/{id}, field `decimal_places`, shown for ARS
 * and MXN with 2 in its "Design considerations" page, developers.mercadolibre.com) follows ISO 4217:
 * ARS, BRL, MXN, PEN, UYU and USD 2, CLP 0, COP 2. COP is the odd one: ISO 4217 gives it 2 decimals
 * and reports carry fees and taxes in cents, but the payments API refuses cents in a COP price
 * ("Prices in COP currency must be expressed with integer values", reported against Mercado Pago's
 * API in Odoo's fix odoo/odoo#185664). We keep 2, the scale amounts in a report may have: with 0, a
 * correct COP fee of -1234.56 would be rejected; a COP payment in cents is then a mismatch, not a
 * refused row. Amounts with more decimals than this are rejected (AMOUNT_SCALE) unless the extra
 * digits are zeros (src/parse/amount-scale.ts).
 */
export const SITE_IDS = ['MLA', 'MLB', 'MLM', 'MLC', 'MCO', 'MPE', 'MLU'] as const;
export type SiteId = (typeof SITE_IDS)[number];

export interface Site {
  readonly id: SiteId;
  readonly country: string;
  readonly currency: string;
  readonly decimals: number;
  readonly timezone: string;
  readonly language: 'es' | 'pt';
}

export const SITES: Readonly<Record<SiteId, Site>> = {
  MLA: { id: 'MLA', country: 'Argentina', currency: 'ARS', decimals: 2, timezone: 'America/Argentina/Buenos_Aires', language: 'es' },
  MLB: { id: 'MLB', country: 'Brazil', currency: 'BRL', decimals: 2, timezone: 'America/Sao_Paulo', language: 'pt' },
  MLM: { id: 'MLM', country: 'Mexico', currency: 'MXN', decimals: 2, timezone: 'America/Mexico_City', language: 'es' },
  MLC: { id: 'MLC', country: 'Chile', currency: 'CLP', decimals: 0, timezone: 'America/Santiago', language: 'es' },
  MCO: { id: 'MCO', country: 'Colombia', currency: 'COP', decimals: 2, timezone: 'America/Bogota', language: 'es' },
  MPE: { id: 'MPE', country: 'Peru', currency: 'PEN', decimals: 2, timezone: 'America/Lima', language: 'es' },
  MLU: { id: 'MLU', country: 'Uruguay', currency: 'UYU', decimals: 2, timezone: 'America/Montevideo', language: 'es' },
};

/** Currencies whose scale mp-recon knows: the sites' own, and USD (cross-border accounts settle in it). */
const CURRENCY_DECIMALS: ReadonlyMap<string, number> = new Map([...Object.values(SITES).map((s) => [s.currency, s.decimals] as const), ['USD', 2]]);

/** Decimals of an ISO currency code, or undefined for one mp-recon does not know (then no scale check). */
export function currencyDecimals(currency: string): number | undefined {
  return CURRENCY_DECIMALS.get(currency);
}

/** Known currencies with fewer decimals than `decimals` (their rows are held to a smaller scale). */
export function currenciesWithFewerDecimals(decimals: number): string[] {
  return [...CURRENCY_DECIMALS].filter(([, d]) => d < decimals).map(([code]) => code);
}

export function isSiteId(value: string): value is SiteId {
  return (SITE_IDS as readonly string[]).includes(value);
}
