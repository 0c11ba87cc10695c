import { type Kysely, sql } from 'kysely';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { reconcileWindow } from '../jobs/reconcile-window.ts';
import * as finance from '../migrations/2026-11-27-0004-finance.ts';
import { gatherReportData } from '../src/finance/report-data.ts';
import { load } from './helpers/fixtures.ts';
import { createTestDb, type TestDb } from './helpers/test-db.ts';

const WEEK = { from: '2026-11-01', to: '2026-11-07' };
const AT = '2026-11-03T10:00:00.000-03:00';
const TZ = 'America/Argentina/Buenos_Aires';

let t: TestDb;
beforeAll(async () => {
  t = await createTestDb();
});
afterAll(async () => t.close());
beforeEach(async () => t.reset());

const VIEWS = ['v_open_mismatches', 'v_mismatch_summary', 'v_runs', 'v_settled_payments', 'v_open_mismatch_provenance'];

/** Runs `body` as recon_reader inside a transaction that is rolled back; returns what it returned or threw. */
async function asReader<T>(body: (db: Kysely<any>) => Promise<T>): Promise<T | { error: string }> {
  const rollback = new Error('rollback');
  let outcome: T | { error: string } = { error: 'not run' };
  await t.deps.conn.db
    .transaction()
    .execute(async (trx) => {
      await sql`set local role recon_reader`.execute(trx);
      try {
        outcome = await body(trx);
      } catch (err) {
        outcome = { error: (err as { code?: string }).code ?? String(err) };
      }
      throw rollback;
    })
    .catch((err) => {
      if (err !== rollback) throw err;
    });
  return outcome;
}

/** One read of `view` as recon_reader inside `trx`, undone to a savepoint (its role and any error with it). */
async function readAsReader(trx: Kysely<any>, view: string): Promise<unknown> {
  await sql`savepoint as_reader`.execute(trx);
  try {
    await sql`set local role recon_reader`.execute(trx);
    return await trx.selectFrom(view).selectAll().execute();
  } catch (err) {
    return { error: (err as { code?: string }).code ?? String(err) };
  } finally {
    await sql`rollback to savepoint as_reader`.execute(trx);
  }
}

async function plant() {
  await load(t.deps, {
    orders: [{ id: 'C1', amount: '100.00' }, { id: 'O1', amount: '70.00' }],
    payments: [{ id: '900', order: 'C1', amount: '100.00' }],
    reports: [
      {
        ...WEEK,
        rows: [
          { ref: 'REF-C1', payment: '900', amount: '100.00', fee: '-5.00', at: AT },
          { ref: 'REF-O1', payment: '1', amount: '69.99', at: AT },
          { ref: 'UNKNOWN-1', payment: '777', amount: '50.00', at: '2026-11-05T10:00:00.000-03:00' },
          { ref: 'REF-C1', payment: '900', type: 'REFUND', amount: '-10.00', at: AT },
        ],
      },
    ],
  });
  await reconcileWindow(t.deps, WEEK);
}

describe('recon_reader: the views and nothing else', () => {
  it('reads every finance view', async () => {
    await plant();
    const counts = await asReader(async (db) => {
      const out: Record<string, number> = {};
      for (const view of VIEWS) out[view] = (await db.selectFrom(view).selectAll().execute()).length;
      return out;
    });
    expect(counts).toMatchObject({ v_open_mismatches: 3, v_settled_payments: 3, v_open_mismatch_provenance: 3 });
  });

  it('is refused the tables behind them', async () => {
    for (const table of ['mismatches', 'orders', 'mp_settlement_rows', 'report_files']) {
      expect(await asReader((db) => db.selectFrom(table).selectAll().execute())).toEqual({ error: '42501' });
    }
  });

  it('survives the finance migration run again with the role already there', async () => {
    // Rolled back: run again, that migration puts back the views as they were then (before account_id).
    const rollback = new Error('rollback');
    const seen: unknown[] = [];
    await t.deps.conn.db
      .transaction()
      .execute(async (trx) => {
        await finance.down(trx);
        // Without USAGE on the schema the reader cannot even see that the views are there.
        seen.push(await readAsReader(trx, 'v_open_mismatches'));
        await finance.up(trx);
        seen.push(await readAsReader(trx, 'v_settled_payments'));
        throw rollback;
      })
      .catch((err) => {
        if (err !== rollback) throw err;
      });
    expect(seen).toEqual([{ error: '42P01' }, []]);
  });

  it('documents every column of the finance views', async () => {
    const undocumented = await sql<{ view: string; column: string }>`
      select c.table_name as view, c.column_name as column
        from information_schema.columns c
       where c.table_schema = current_schema() and c.table_name = any (${VIEWS})
         and col_description(format('%I.%I', c.table_schema, c.table_name)::regclass, c.ordinal_position) is null`.execute(t.deps.conn.db);
    expect(undocumented.rows).toEqual([]);
  });
});

/** The default account's report request. */
const MLA = { account: 'default', site: 'MLA', currency: 'ARS', timezone: TZ } as const;

describe('finance figures: settled, reconciled, at risk', () => {
  it('counts as reconciled only settled money no open mismatch touches', async () => {
    await plant();
    const data = await gatherReportData(t.deps.conn.db, { ...WEEK, ...MLA, asOf: new Date() });
    // C1 settles cleanly (its REFUND row is not settled money, and the refund is itself a mismatch only
    // of C1's refunds: refund_missing_internally touches C1, so C1 is not reconciled either).
    const kinds = data.open.map((m) => [m.kind, m.orderId ?? m.externalReference]);
    expect(kinds).toEqual([
      ['amount_mismatch', 'O1'],
      ['refund_missing_internally', 'C1'],
      ['payment_missing_internally', 'UNKNOWN-1'],
    ]);
    expect(data.totals).toEqual([
      { currency: 'ARS', settledRows: 3, settled: '219.99', reconciled: '0', settledUnreconciled: '219.99', openMismatches: 3, atRisk: '60.01', atRiskOrders: 3 },
    ]);
  });

  it('gives the untouched rows back once their mismatches are resolved', async () => {
    await plant();
    await t.deps.conn.db.updateTable('mismatches').set({ status: 'resolved', resolution: 'manual' }).where('kind', '=', 'refund_missing_internally').execute();
    const data = await gatherReportData(t.deps.conn.db, { ...WEEK, ...MLA, asOf: new Date() });
    expect(data.totals[0]).toMatchObject({ settled: '219.99', reconciled: '100.00', settledUnreconciled: '119.99', openMismatches: 2, atRisk: '50.01' });
  });

  it('keeps an acknowledged mismatch at risk, and leaves other accounts, sites and days out', async () => {
    await plant();
    await t.deps.conn.db.updateTable('mismatches').set({ status: 'acknowledged' }).where('kind', '=', 'amount_mismatch').execute();
    const week = await gatherReportData(t.deps.conn.db, { ...WEEK, ...MLA, asOf: new Date() });
    expect(week.totals[0]?.atRisk).toBe('60.01');
    const oneDay = await gatherReportData(t.deps.conn.db, { from: '2026-11-05', to: '2026-11-05', ...MLA, asOf: new Date() });
    expect(oneDay.totals).toEqual([
      { currency: 'ARS', settledRows: 1, settled: '50.00', reconciled: '0', settledUnreconciled: '50.00', openMismatches: 1, atRisk: '50.00', atRiskOrders: 1 },
    ]);
    const otherAccount = await gatherReportData(t.deps.conn.db, { ...WEEK, ...MLA, account: 'store2', asOf: new Date() });
    expect(otherAccount.totals).toEqual([]);
    const otherSite = await gatherReportData(t.deps.conn.db, { ...WEEK, ...MLA, site: 'MLB', asOf: new Date() });
    expect(otherSite.totals).toEqual([]);
  });

  it('carries each open mismatch provenance: report file, line, first and last run', async () => {
    await plant();
    const again = await reconcileWindow(t.deps, WEEK);
    const data = await gatherReportData(t.deps.conn.db, { ...WEEK, ...MLA, asOf: new Date() });
    const unknown = data.open.find((m) => m.kind === 'payment_missing_internally')!;
    expect(unknown.reportFileName).toMatch(/\.csv$/);
    expect(unknown.line).toBe(4);
    expect(Number(unknown.firstSeenRun)).toBeLessThan(Number(again.runId));
    expect(unknown.lastSeenRun).toBe(again.runId);
  });
});
