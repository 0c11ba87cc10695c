/** Small helpers that turn raw flag values into checked ones, with usage errors that say what to write. */
import { ReconError } from '../src/errors.ts';
import { assertRange, parseBusinessDate } from '../src/util/dates.ts';
import type { FlagValues } from './command.ts';

export function stringFlag(flags: FlagValues, name: string): string | undefined {
  const value = flags[name];
  return typeof value === 'string' ? value : undefined;
}

export function dateFlag(flags: FlagValues, name: string): string | undefined {
  const value = stringFlag(flags, name);
  return value === undefined ? undefined : parseBusinessDate(value, `--${name}`);
}

/** --from and --to, both required, in order. */
export function requiredWindow(flags: FlagValues): { from: string; to: string } {
  const from = dateFlag(flags, 'from');
  const to = dateFlag(flags, 'to');
  if (!from || !to) throw new ReconError('USAGE', 'both --from and --to are required (business dates, YYYY-MM-DD)');
  assertRange(from, to);
  return { from, to };
}

/** A whole-number flag within [min, max], or `fallback` when it is absent. */
export function integerFlag(flags: FlagValues, name: string, range: { readonly min: number; readonly max: number }, fallback: number): number {
  const text = stringFlag(flags, name);
  if (text === undefined) return fallback;
  if (!/^\d{1,9}$/.test(text) || Number(text) < range.min || Number(text) > range.max) {
    throw new ReconError('USAGE', `--${name} must be a whole number from ${range.min} to ${range.max} (got '${text}')`);
  }
  return Number(text);
}

/** A TCP port (0: any free one). */
export const PORT_RANGE = { min: 0, max: 65_535 } as const;

export function choiceFlag<T extends string>(flags: FlagValues, name: string, choices: readonly T[], fallback: T): T;
export function choiceFlag<T extends string>(flags: FlagValues, name: string, choices: readonly T[]): T | undefined;
export function choiceFlag<T extends string>(flags: FlagValues, name: string, choices: readonly T[], fallback?: T): T | undefined {
  const value = stringFlag(flags, name);
  if (value === undefined) return fallback;
  if (!(choices as readonly string[]).includes(value)) {
    throw new ReconError('USAGE', `--${name} must be one of ${choices.join(', ')} (got '${value}')`);
  }
  return value as T;
}
