import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ingestFile } from '../jobs/ingest-file.ts';
import { reconcileWindow } from '../jobs/reconcile-window.ts';
import { listMismatches } from '../src/mismatches/list-mismatches.ts';
import { addDays } from '../src/util/dates.ts';
import { load, writeTemp } from './helpers/fixtures.ts';
import { type SimulatedTraffic, simulateTraffic } from './helpers/simulated-traffic.ts';
import { createTestDb, type TestDb } from './helpers/test-db.ts';

let t: TestDb;
beforeAll(async () => {
  t = await createTestDb();
});
afterAll(async () => t.close());

/** October and November of traffic; November's release reports daily and as one monthly file. */
async function ingestTwoMonths(traffic: SimulatedTraffic): Promise<void> {
  await t.reset();
  await load(t.deps, { orders: traffic.orders, payments: traffic.payments, refunds: traffic.refunds });
  for (const [from, to] of [['2026-10-01', '2026-10-31'], ['2026-11-01', '2026-11-30']] as const) {
    await ingestFile(t.deps, { path: writeTemp(traffic.report('settlement', from, to), `settlement-${from}.csv`), from, to });
  }
  for (let day = '2026-11-01'; day <= '2026-11-30'; day = addDays(day, 1)) {
    await ingestFile(t.deps, { path: writeTemp(traffic.report('release', day, day), `release-${day}.csv`), from: day, to: day });
  }
  await ingestFile(t.deps, { path: writeTemp(traffic.report('release', '2026-11-01', '2026-11-30'), 'release-2026-11.csv'), from: '2026-11-01', to: '2026-11-30' });
}

async function dailyCash() {
  return t.deps.conn.db.selectFrom('v_daily_cash').selectAll().where('business_date', '>=', '2026-11-01').orderBy('business_date').execute();
}

describe('a month of simulator traffic', () => {
  it('reconciles with no mismatches, and every day of the cash view balances', async () => {
    const traffic = simulateTraffic({ from: '2026-10-01', to: '2026-11-30' });
    await ingestTwoMonths(traffic);
    const counts = await reconcileWindow(t.deps, { from: '2026-11-01', to: '2026-11-30' });
    expect(await listMismatches(t.deps.conn.db, { status: 'all' })).toEqual([]);
    expect(counts.found).toBe(0);

    const days = await dailyCash();
    expect(days).toHaveLength(30);
    expect(days.every((d) => d.balances === true)).toBe(true);
    // Reserve pairs for refunds were written (compensate_detail) and net to nothing.
    const reserves = await t.deps.conn.pool.query(
      `select count(*)::int as n, sum(net_credit_amount - net_debit_amount) as net, bool_or(description = 'reserve_for_bpp_shipping_retur') as truncated
         from mp_release_rows where description_code like 'reserve_for_%'`,
    );
    expect(reserves.rows[0].n).toBeGreaterThan(0);
    expect(reserves.rows[0].net).toBe('0.00');
    expect(reserves.rows[0].truncated).toBe(true);
    expect(days.every((d) => Number(d.holds) === 0)).toBe(true);
    // Money in minus money out over the month is what the balance grew by.
    const first = days[0]!;
    const last = days[days.length - 1]!;
    const flows = days.reduce((s, d) => s + Number(d.credits) - Number(d.debits) - Number(d.holds) - Number(d.payouts), 0);
    expect(Number(last.closing) - Number(first.opening)).toBeCloseTo(flows, 2);
    expect(days.some((d) => Number(d.payouts) > 0)).toBe(true);
  });

  it('with disputes turned chargebacks: only the chargeback mismatches finance must act on, and the holds show', async () => {
    const traffic = simulateTraffic({ from: '2026-10-01', to: '2026-11-30', claims: true, seed: 11 });
    expect(traffic.claimed.length).toBeGreaterThan(0);
    await ingestTwoMonths(traffic);
    await reconcileWindow(t.deps, { from: '2026-11-01', to: '2026-11-30' });
    const found = await listMismatches(t.deps.conn.db, { status: 'all' });
    expect(new Set(found.map((m) => m.kind))).toEqual(new Set(['chargeback']));
    const claimedInNovember = await t.deps.conn.pool.query(
      `select distinct o.order_id from mp_settlement_rows r join orders o on o.external_reference = r.external_reference
        where r.transaction_type in ('CHARGEBACK', 'DISPUTE') and r.booked_at >= '2026-11-01T03:00:00Z' order by 1`,
    );
    expect(found.map((m) => m.order_id).sort()).toEqual(claimedInNovember.rows.map((r) => r.order_id).sort());
    const days = await dailyCash();
    expect(days.every((d) => d.balances === true)).toBe(true);
    expect(days.some((d) => Number(d.holds) > 0)).toBe(true);
    expect(days.some((d) => Number(d.holds) < 0)).toBe(true);
  });
});
