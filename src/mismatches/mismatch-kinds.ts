/** Every mismatch kind a reconciliation can record (docs/mismatch-kinds.md), for checking filters. */
import { RELEASE_KINDS } from '../reconcile/release-kinds.ts';
import { SETTLEMENT_KINDS } from '../reconcile/settlement-kinds.ts';

// row_arithmetic is both a settlement and a release kind: listed once.
export const MISMATCH_KINDS: readonly string[] = [...new Set<string>([...SETTLEMENT_KINDS, ...RELEASE_KINDS])];
