/**
 * One colour per mismatch kind, fixed, so the same kind looks the same in every report and a reader
 * learns the colours. Kinds in the documented order first; any other kind (release-report kinds, a kind
 * added later) takes the next spare colour. Colours chosen to stay distinct for common colour blindness
 * and to print in grey scale with different lightness.
 */
import { SETTLEMENT_KINDS } from '../reconcile/settlement-kinds.ts';

const KNOWN_ORDER: readonly string[] = [...SETTLEMENT_KINDS, 'balance_break', 'released_not_settled', 'settled_not_released'];

const PALETTE = [
  '#4e79a7', '#f28e2b', '#e15759', '#76b7b2', '#59a14f', '#edc948', '#b07aa1', '#ff9da7',
  '#9c755f', '#bab0ac', '#1f3b5c', '#8cd17d', '#b6992d', '#499894', '#d37295', '#79706e',
] as const;

/** Kinds sorted the way charts and legends list them. */
export function orderKinds(kinds: Iterable<string>): string[] {
  const rank = (k: string) => {
    const i = KNOWN_ORDER.indexOf(k);
    return i === -1 ? KNOWN_ORDER.length : i;
  };
  return [...new Set(kinds)].sort((a, b) => rank(a) - rank(b) || (a < b ? -1 : a > b ? 1 : 0));
}

/** Colours for exactly these kinds: known kinds keep theirs, others share the spares in order. */
export function kindColors(kinds: readonly string[]): Map<string, string> {
  const colors = new Map<string, string>();
  let spare = KNOWN_ORDER.length;
  for (const kind of orderKinds(kinds)) {
    const known = KNOWN_ORDER.indexOf(kind);
    const index = known === -1 ? spare++ : known;
    colors.set(kind, PALETTE[index % PALETTE.length]!);
  }
  return colors;
}
