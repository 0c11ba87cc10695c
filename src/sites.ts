/**
 * The seven Mercado Pago sites mp-recon supports. A site fixes the currency, how many decimals that
 * currency has, the merchant's business timezone and the language of translated report headers.
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

export function isSiteId(value: string): value is SiteId {
  return (SITE_IDS as readonly string[]).includes(value);
}
