/**
 * Mercado Pago's sites as the simulator knows them: currency, the decimals it writes for it, the
 * seller's timezone and the language of translated report headers. This is Mercado Pago's side, kept
 * apart from the engine's own table on purpose: if the engine's understanding of a site drifts, the
 * simulator (which tests it) does not drift with it.
 */
export const SITE_IDS = ['MLA', 'MLB', 'MLM', 'MLC', 'MCO', 'MPE', 'MLU'] as const;
export type SiteId = (typeof SITE_IDS)[number];

export interface Site {
  readonly id: SiteId;
  readonly currency: string;
  /** Decimals MP writes for the currency (CLP 0; the rest 2, COP included, as its reports carry cents). */
  readonly decimals: number;
  readonly timezone: string;
  readonly language: 'es' | 'pt';
}

export const SITES: Readonly<Record<SiteId, Site>> = {
  MLA: { id: 'MLA', currency: 'ARS', decimals: 2, timezone: 'America/Argentina/Buenos_Aires', language: 'es' },
  MLB: { id: 'MLB', currency: 'BRL', decimals: 2, timezone: 'America/Sao_Paulo', language: 'pt' },
  MLM: { id: 'MLM', currency: 'MXN', decimals: 2, timezone: 'America/Mexico_City', language: 'es' },
  MLC: { id: 'MLC', currency: 'CLP', decimals: 0, timezone: 'America/Santiago', language: 'es' },
  MCO: { id: 'MCO', currency: 'COP', decimals: 2, timezone: 'America/Bogota', language: 'es' },
  MPE: { id: 'MPE', currency: 'PEN', decimals: 2, timezone: 'America/Lima', language: 'es' },
  MLU: { id: 'MLU', currency: 'UYU', decimals: 2, timezone: 'America/Montevideo', language: 'es' },
};

export function isSiteId(value: string): value is SiteId {
  return (SITE_IDS as readonly string[]).includes(value);
}
