/** Money framed for finance: at risk counts an order once, a currency mismatch in its own currency, and every kind has a next step. */
import { readFileSync } from 'node:fs';
import { sql } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { reconcileWindow } from '../jobs/reconcile-window.ts';
import { cycleSummary } from '../src/alerts/cycle-summary.ts';
import { amountAtRisk } from '../src/finance/at-risk.ts';
import { renderReportHtml } from '../src/finance/render-html.ts';
import { gatherReportData } from '../src/finance/report-data.ts';
import { NEXT_STEPS } from '../src/finance/next-steps.ts';
import { RELEASE_KINDS } from '../src/reconcile/release-kinds.ts';
import { SETTLEMENT_KINDS } from '../src/reconcile/settlement-kinds.ts';
import { load } from './helpers/fixtures.ts';
import { createTestDb, type TestDb } from './helpers/test-db.ts';

const WEEK = { from: '2026-11-01', to: '2026-11-07' };
const AT = '2026-11-03T10:00:00.000-03:00';
const TZ = 'America/Argentina/Buenos_Aires';

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
    expect(await amountAtRisk(t.deps.conn.db)).toEqual([{ account_id: 'default', site: 'MLA', currency: 'ARS', amount: '95042.00', orders: 4, mismatches: 5 }]);
  });

  it('adds opposite differences of one kind instead of netting them, and counts an order with two kinds once', async () => {
    const db = t.deps.conn.db;
    const { rows } = await sql<{ order_id: string; kind: string; difference: string | null }>`
      select order_id, kind, difference::text from mismatches where kind = 'amount_mismatch' order by order_id`.execute(db);
    // Two opposite differences in one currency: netted they would be 9.00 (or 10.00 with P1's), added 12.00.
    expect(rows.filter((r) => r.order_id !== 'P1')).toEqual([
      { order_id: 'O1', kind: 'amount_mismatch', difference: '-1.00' },
      { order_id: 'O2', kind: 'amount_mismatch', difference: '10.00' },
    ]);
    const onlyAmounts = await sql<{ amount: string }>`select sum(abs(difference))::text as amount from mismatches where order_id in ('O1', 'O2')`.execute(db);
    expect(onlyAmounts.rows[0]!.amount).toBe('11.00');
    // The four orders' risk: 1 + 10 + 31 (P1 once, not 1 + 31) + 95000 (U1's amount in ARS, not 95000 − 95 across currencies).
    const [risk] = await amountAtRisk(db, { site: 'MLA', ...WEEK });
    expect(risk).toMatchObject({ amount: '95042.00', orders: 4, mismatches: 5 });
    expect(risk!.amount).not.toBe('95033.00');
    expect(await amountAtRisk(db, { from: '2026-10-01', to: '2026-10-31' })).toEqual([]);
    expect(await amountAtRisk(db, { site: 'MLB' })).toEqual([]);
    expect(await amountAtRisk(db, { account: 'store2' })).toEqual([]);
  });

  it('gives the HTML report, its aging and the alert the same at-risk figure as the UI', async () => {
    const db = t.deps.conn.db;
    const asOf = new Date('2026-11-20T12:00:00Z');
    const data = await gatherReportData(db, { ...WEEK, account: 'default', site: 'MLA', currency: 'ARS', timezone: TZ, asOf });
    expect(data.totals.map((x) => [x.currency, x.atRisk, x.atRiskOrders, x.openMismatches])).toEqual([
      ['ARS', '95042.00', 4, 5],
      // U1's payment settled in USD: settled there, but its risk counts in the order's currency.
      ['USD', '0', 0, 0],
    ]);
    const aged = data.aging.flatMap((a) => a.atRisk.map((r) => r.amount));
    expect(aged).toEqual(['95042.00']);
    const u1 = data.open.find((m) => m.kind === 'currency_mismatch')!;
    expect([u1.currency, u1.expected, u1.reportCurrency, u1.actual]).toEqual(['ARS', '95000.00', 'USD', '95.00']);
    expect(data.open.filter((m) => m.kind !== 'currency_mismatch').every((m) => m.reportCurrency === null)).toBe(true);
    const page = renderReportHtml(data);
    expect(page).toContain('<span data-figure="at-risk">95,042.00</span>');
    expect(page).toContain('<td class="num risk" data-figure="at-risk">95,042.00</td>');

    const summary = await cycleSummary(db, { account: 'default', job: 'nightly', ...WEEK, startedAt: asOf, riskBefore: [], failed: false, skipped: false, uiUrl: undefined });
    expect(summary.at_risk).toEqual([{ site: 'MLA', currency: 'ARS', amount: '95042.00', change: '95042' }]);
  });

  it('gives every mismatch kind a next step, and docs/mismatch-kinds.md lists the same lines', () => {
    const kinds = [...SETTLEMENT_KINDS, ...RELEASE_KINDS];
    expect(Object.keys(NEXT_STEPS).sort()).toEqual([...new Set(kinds)].sort());
    const doc = readFileSync(new URL('../docs/mismatch-kinds.md', import.meta.url), 'utf8');
    for (const [kind, step] of Object.entries(NEXT_STEPS)) expect(doc).toContain(`| \`${kind}\` | ${step} |`);
  });
});
