/**
 * Seeds a simulator from a file, for `mp-recon sandbox --seed FILE`:
 * - JSON: `{ "accounts": [{ "accessToken", "siteId"?, ..., "movements": [ledger movements] }],
 *   "quirks"?: {...}, "reportDelayMs"?: n, "reportPolls"?: n }` (shapes as in accounts.ts and ledger.ts);
 * - CSV: a settlement report (as in samples/): its rows become the ledger of one account, so the
 *   simulator serves the same traffic back (seed-from-report.ts lists what cannot be replayed; seed-report-reader.ts reads the file).
 * Accounts without a token get `defaults.accessToken`.
 */
import { readFile } from 'node:fs/promises';
import type { Account } from './accounts.ts';
import { SimHttpError } from './http-io.ts';
import { settlementReportMovements } from './seed-from-report.ts';
import type { SimState } from './state.ts';

export interface SeedDefaults {
  readonly accessToken: string;
  readonly siteId: string;
}

export interface SeededAccount {
  readonly account: Account;
  readonly movements: number;
  /** Report rows that could not become ledger movements, with why. */
  readonly skipped: readonly string[];
}

export async function seedFromFile(state: SimState, path: string, defaults: SeedDefaults): Promise<SeededAccount[]> {
  const text = await readFile(path, 'utf8').catch((err: Error) => {
    throw new Error(`cannot read the seed file ${path}: ${err.message}`);
  });
  if (!/^\s*[[{]/.test(text)) {
    const account = state.addAccount({ accessToken: defaults.accessToken, siteId: defaults.siteId });
    const { movements, skipped } = await settlementReportMovements(path, account.currency);
    let added = 0;
    // One by one: a row the ledger refuses (a refund above what is left, say) is skipped, not fatal.
    for (const m of movements) {
      try {
        added += state.addMovements(account.accessToken, [m.movement]).length;
      } catch (err) {
        if (!(err instanceof SimHttpError)) throw err;
        skipped.push(`line ${m.line}: ${err.message}`);
      }
    }
    return [{ account, movements: added, skipped }];
  }
  const seed = parse(text, path);
  if (seed.quirks !== undefined) state.setQuirks(seed.quirks);
  for (const key of ['reportDelayMs', 'reportPolls'] as const) {
    const v = seed[key];
    if (typeof v === 'number' && Number.isInteger(v) && v >= 0) state[key] = v;
  }
  const accounts = Array.isArray(seed.accounts) ? seed.accounts : [];
  if (accounts.length === 0) accounts.push({});
  return accounts.map((input) => {
    const { movements = [], ...rest } = (input ?? {}) as Record<string, unknown> & { movements?: unknown[] };
    const account = state.addAccount({ accessToken: defaults.accessToken, siteId: defaults.siteId, ...rest });
    const added = state.addMovements(account.accessToken, Array.isArray(movements) ? movements : []).length;
    return { account, movements: added, skipped: [] };
  });
}

function parse(text: string, path: string): Record<string, unknown> & { accounts?: unknown[] } {
  let value: unknown;
  try {
    value = JSON.parse(text);
  } catch (err) {
    throw new Error(`the seed file ${path} is not valid JSON: ${(err as Error).message}`);
  }
  if (Array.isArray(value)) return { accounts: value };
  if (value === null || typeof value !== 'object') throw new Error(`the seed file ${path} must hold a JSON object with "accounts"`);
  return value as Record<string, unknown>;
}
