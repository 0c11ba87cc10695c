/**
 * Report headers. MP writes technical keys (`EXTERNAL_REFERENCE`), or, with report_translation,
 * labels that carry the key in parentheses (`Código de referencia (EXTERNAL_REFERENCE)`). Case and
 * surrounding space are ignored and columns may come in any order; the header is mapped once to
 * indexes so rows can stay arrays.
 */
import { ReconError } from '../errors.ts';

const KEY_IN_PARENS = /\(\s*([A-Za-z][A-Za-z0-9_]*)\s*\)\s*$/;

export type HeaderStyle = 'keys' | 'labels';

/** The technical key of one header cell: the last `(KEY)` of a label, or the cell itself. */
export function headerKey(cell: string): { key: string; labelled: boolean } {
  const text = cell.replace(/^\uFEFF/, '').trim();
  const m = KEY_IN_PARENS.exec(text);
  if (m?.[1]) return { key: m[1].toUpperCase(), labelled: true };
  return { key: text.toUpperCase().replace(/\s+/g, '_'), labelled: false };
}

export interface HeaderMap {
  readonly keys: readonly string[];
  readonly style: HeaderStyle;
  indexOf(key: string): number;
}

export function mapHeader(cells: readonly string[], fileName: string): HeaderMap {
  const keys: string[] = [];
  const index = new Map<string, number>();
  let labelled = 0;
  cells.forEach((cell, i) => {
    const { key, labelled: isLabel } = headerKey(cell);
    if (isLabel) labelled++;
    if (key === '') return;
    if (index.has(key)) {
      throw new ReconError('HEADER_DUPLICATE_COLUMN', `${fileName}: column ${key} appears twice in the header (columns ${index.get(key)! + 1} and ${i + 1})`);
    }
    index.set(key, i);
    keys[i] = key;
  });
  return {
    keys,
    style: labelled > 0 ? 'labels' : 'keys',
    indexOf: (key) => index.get(key) ?? -1,
  };
}

/** Picks `,` or `;` from the header line: whichever splits it into more cells outside quotes. */
export function detectSeparator(headerLine: string): ',' | ';' {
  let commas = 0;
  let semicolons = 0;
  let quoted = false;
  for (const ch of headerLine) {
    if (ch === '"') quoted = !quoted;
    else if (!quoted && ch === ',') commas++;
    else if (!quoted && ch === ';') semicolons++;
  }
  return semicolons > commas ? ';' : ',';
}
