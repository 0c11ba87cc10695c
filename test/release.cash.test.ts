import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { ingestFile } from '../jobs/ingest-file.ts';
import { reconcileWindow } from '../jobs/reconcile-window.ts';
import { listMismatches } from '../src/mismatches/list-mismatches.ts';
import { writeTemp } from './helpers/fixtures.ts';
import { type ReleaseFile, type ReleaseRow, releaseCsv } from './helpers/release-fixtures.ts';
import { createTestDb, type TestDb } from './helpers/test-db.ts';

const at = (day: number, time: string) => `2026-11-0${day}T${time}.000-03:00`;

let t: TestDb;
beforeAll(async () => {
  t = await createTestDb();
});
afterAll(async () => t.close());
beforeEach(async () => t.reset());

async function ingestDaily(day: number, file: ReleaseFile) {
  const date = `2026-11-0${day}`;
  return ingestFile(t.deps, { path: writeTemp(releaseCsv(file), `release-${date}.csv`), from: date, to: date });
}

async function cash() {
  const rows = await t.deps.conn.db.selectFrom('v_daily_cash').selectAll().orderBy('business_date').execute();
  return rows.map((r) => ({ day: r.business_date, opening: r.opening, credits: r.credits, debits: r.debits, holds: r.holds, payouts: r.payouts, closing: r.closing, balances: r.balances }));
}

const payment: ReleaseRow = { at: at(3, '10:00:00'), description: 'payment', source: '900', net: '95.00', fee: '-5.00' };
const payout: ReleaseRow = { at: at(4, '12:00:00'), description: 'payout', source: 'PO-1', net: '-50.00' };

describe('two consecutive daily release files', () => {
  it('chain their balances: the second opens on the first one\'s closing', async () => {
    await ingestDaily(3, { opening: { at: at(3, '00:00:00'), amount: '1000.00' }, rows: [payment] });
    await ingestDaily(4, { opening: { at: at(4, '00:00:00'), amount: '1095.00' }, rows: [payout] });
    expect(await cash()).toEqual([
      { day: '2026-11-03', opening: '1000.00', credits: '95.00', debits: '0.00', holds: '0', payouts: '0', closing: '1095.00', balances: true },
      { day: '2026-11-04', opening: '1095.00', credits: '0', debits: '0', holds: '0', payouts: '50.00', closing: '1045.00', balances: true },
    ]);
    await reconcileWindow(t.deps, { from: '2026-11-03', to: '2026-11-04' });
    expect(await listMismatches(t.deps.conn.db, { status: 'all' })).toEqual([]);
  });

  it('break when the second opens on another balance, in the cash view and as a balance_break', async () => {
    await ingestDaily(3, { opening: { at: at(3, '00:00:00'), amount: '1000.00' }, rows: [payment] });
    await ingestDaily(4, { opening: { at: at(4, '00:00:00'), amount: '1090.00' }, rows: [payout] });
    expect((await cash()).map((d) => [d.day, d.opening, d.closing, d.balances])).toEqual([
      ['2026-11-03', '1000.00', '1095.00', true],
      ['2026-11-04', '1090.00', '1040.00', false],
    ]);
    await reconcileWindow(t.deps, { from: '2026-11-03', to: '2026-11-04' });
    const found = await listMismatches(t.deps.conn.db, { status: 'all' });
    expect(found.map((m) => [m.kind, m.business_date, m.expected_amount, m.actual_amount, m.difference])).toEqual([
      ['balance_break', '2026-11-04', '1095.00', '1090.00', '-5.00'],
    ]);
  });

  it('carry the balance across a day with no report of its own when a longer report covers it', async () => {
    await ingestFile(t.deps, {
      path: writeTemp(releaseCsv({ opening: { at: at(3, '00:00:00'), amount: '1000.00' }, rows: [payment, payout] }), 'two-days.csv'),
      from: '2026-11-03',
      to: '2026-11-04',
    });
    expect((await cash()).map((d) => [d.day, d.opening, d.closing, d.balances])).toEqual([
      ['2026-11-03', '1000.00', '1095.00', null],
      ['2026-11-04', '1095.00', '1045.00', true],
    ]);
  });
});

describe('holds', () => {
  const reserve = (net: string, time = '11:00:00', day = 3): ReleaseRow => ({ at: at(day, time), description: 'reserve_for_refund', source: '900', net });
  const refund: ReleaseRow = { at: at(3, '11:00:00'), description: 'refund', source: '900', net: '-30.00' };

  it('a reserve and its release in the same second net to zero: they inflate neither credits nor debits', async () => {
    await ingestDaily(3, { opening: { at: at(3, '00:00:00'), amount: '1000.00' }, rows: [payment, reserve('-30.00'), reserve('30.00'), refund] });
    expect(await cash()).toEqual([
      { day: '2026-11-03', opening: '1000.00', credits: '95.00', debits: '30.00', holds: '0.00', payouts: '0', closing: '1065.00', balances: true },
    ]);
    await reconcileWindow(t.deps, { from: '2026-11-03', to: '2026-11-03' });
    expect(await listMismatches(t.deps.conn.db, { status: 'all' })).toEqual([]);
  });

  it('a hold taken one day and released the next shows as holds, positive then negative', async () => {
    await ingestDaily(3, { opening: { at: at(3, '00:00:00'), amount: '1000.00' }, rows: [payment, reserve('-30.00')] });
    await ingestDaily(4, { opening: { at: at(4, '00:00:00'), amount: '1065.00' }, rows: [reserve('30.00', '09:00:00', 4)] });
    expect((await cash()).map((d) => [d.day, d.credits, d.holds, d.closing, d.balances])).toEqual([
      ['2026-11-03', '95.00', '30.00', '1065.00', true],
      ['2026-11-04', '0', '-30.00', '1095.00', true],
    ]);
  });
});
