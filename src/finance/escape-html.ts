/**
 * Text into HTML and SVG, safely. References, file names and order ids come from files other systems
 * wrote, so every piece of text the report shows goes through here: in element content and in quoted
 * attribute values alike (the five characters below are all either context needs).
 */
const ENTITIES: Readonly<Record<string, string>> = {
  '&': '&amp;',
  '<': '&lt;',
  '>': '&gt;',
  '"': '&quot;',
  "'": '&#39;',
};

export function escapeHtml(text: string | number | null | undefined): string {
  if (text === null || text === undefined) return '';
  return String(text).replace(/[&<>"']/g, (c) => ENTITIES[c]!);
}

/** A tagged template that escapes every interpolated value; `raw()` marks markup built elsewhere. */
export interface Markup {
  readonly html: string;
}

export function raw(html: string): Markup {
  return { html };
}

export type Interpolation = string | number | null | undefined | Markup | readonly Markup[];

export function html(strings: TemplateStringsArray, ...values: Interpolation[]): Markup {
  let out = strings[0] ?? '';
  values.forEach((value, i) => {
    out += render(value) + (strings[i + 1] ?? '');
  });
  return { html: out };
}

function render(value: Interpolation): string {
  if (Array.isArray(value)) return value.map((m: Markup) => m.html).join('');
  if (value !== null && typeof value === 'object' && 'html' in value) return (value as Markup).html;
  return escapeHtml(value as string | number | null | undefined);
}
