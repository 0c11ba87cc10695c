/** Money framed for finance: at risk counts an order once, a currency mismatch in its own currency, and every kind has a next step. */
import { readFileSync } from 'node:fs';
import { sql } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { reconcileWindow } from '../jobs/reconcile-window.ts';
import { amountAtRisk } from '../src/finance/at-risk.ts';
import { NEXT_STEPS } from '../src/finance/next-steps.ts';
import { RELEASE_KINDS } from '../src/reconcile/release-kinds.ts';
import { SETTLEMENT_KINDS } from '../src/reconcile/settlement-kinds.ts';
import { load } from './helpers/fixtures.ts';
import { createTestDb, type TestDb } from './helpers/test-db.ts';

const WEEK = { from: '2026-11-01', to: '2026-11-07' };
const AT = '2026-11-03T10:00:00.000-03:00';

let t: TestDb;
beforeAll(async () => {
  t = await createTestDb();
  await load(t.deps, {
    orders: [
      { id: 'O1', amount: '70.00' },
      { id: 'O2', amount: '100.00' },
      { id: 'P1', amount: '30.00', status: 'pending', paid: null },
      { id: 'U1', amount: '95000.00' },
    ],
    reports: [
      {
        ...WEEK,
        rows: [
          { ref: 'REF-O1', payment: '1', amount: '69.00', at: AT },
          { ref: 'REF-O2', payment: '2', amount: '110.00', at: AT },
          { ref: 'REF-P1', payment: '3', amount: '31.00', at: AT },
          { ref: 'REF-U1', payment: '4', amount: '95.00', currency: 'USD', at: AT },
        ],
      },
    ],
  });
  await reconcileWindow(t.deps, WEEK);
});
afterAll(async () => t.close());

describe('money framed for finance', () => {
  it('sums absolute differences, counts an order once at its largest, and puts a currency mismatch in the order currency', async () => {
    const { rows } = await sql<{ kind: string; order_id: string }>`select kind, order_id from mismatches order by order_id, kind`.execute(t.deps.conn.db);
    // P1 fires two kinds (amount and status): one order, counted once.
    expect(rows.filter((r) => r.order_id === 'P1').length).toBe(2);
    expect(rows.some((r) => r.kind === 'currency_mismatch')).toBe(true);
    // O1 |-1.00| + O2 |10.00| (not netted) + P1 max(1.00, 31.00) + U1 95000.00 ARS expected.
    expect(await amountAtRisk(t.deps.conn.db)).toEqual([{ site: 'MLA', currency: 'ARS', amount: '95042.00', orders: 4, mismatches: 5 }]);
  });

  it('gives every mismatch kind a next step, and docs/mismatch-kinds.md lists the same lines', () => {
    const kinds = [...SETTLEMENT_KINDS, ...RELEASE_KINDS];
    expect(Object.keys(NEXT_STEPS).sort()).toEqual([...new Set(kinds)].sort());
    const doc = readFileSync(new URL('../docs/mismatch-kinds.md', import.meta.url), 'utf8');
    for (const [kind, step] of Object.entries(NEXT_STEPS)) expect(doc).toContain(`| \`${kind}\` | ${step} |`);
  });
});
