/**
 * A reconciliation reads only its account's partitions of the report-row tables: every statement the
 * run executes is explained (with the run's own parameters, in a transaction rolled back) and the
 * tables its plan scans are listed. Another account's partition in a plan means a statement lost its
 * account filter, or filters in a way Postgres cannot prune by (the history lookups, the window's
 * bounds, the release kinds' lookups included).
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { sql } from 'kysely';
import { inTransaction } from '../src/db/transaction.ts';
import type { Deps } from '../src/deps.ts';
import { AUTO_RESOLVE_STATEMENT, MERGE_STATEMENT, PRIOR_STATE_STATEMENT } from '../src/reconcile/merge-findings.ts';
import { RELEASE_KINDS, releaseKindStatements } from '../src/reconcile/release-kinds.ts';
import { RELEASE_WINDOW_TABLE_STATEMENTS } from '../src/reconcile/release-window-tables.ts';
import { FINDINGS_TABLE, ORDER_ROWS_DETAILS, SETTLEMENT_FINDINGS, SETTLEMENT_KINDS } from '../src/reconcile/settlement-kinds.ts';
import { windowStatement } from '../src/reconcile/window-params.ts';
import { COVERAGE_STATEMENT, LEDGER_STATEMENT, WINDOW_ROWS_STATEMENT } from '../src/reconcile/window-tables.ts';
import { businessWindow } from '../src/util/dates.ts';
import { type Books, writeBooks } from './helpers/account-books.ts';
import { addTestAccount } from './helpers/test-accounts.ts';
import { createTestDb, type TestDb } from './helpers/test-db.ts';

const WEEK = { from: '2026-11-01', to: '2026-11-07' };
const BOOKS: Books = {
  window: WEEK,
  orders: [{ id: 'O1', amount: '70.00' }],
  payments: [{ id: '1', order: 'O1', amount: '70.00' }],
  // One row in the window and one before it, so the history lookups have something to find.
  rows: [
    { ref: 'REF-O1', payment: '1', amount: '69.00', at: '2026-11-03T10:00:00.000-03:00' },
    { ref: 'REF-O1', payment: '1', amount: '-1.00', type: 'REFUND', at: '2026-10-20T10:00:00.000-03:00' },
  ],
};

/** Every statement of a run, in the order jobs/reconcile-window.ts executes them. */
const RUN_STATEMENTS: readonly string[] = [
  WINDOW_ROWS_STATEMENT,
  COVERAGE_STATEMENT,
  LEDGER_STATEMENT,
  FINDINGS_TABLE,
  ...SETTLEMENT_FINDINGS,
  ORDER_ROWS_DETAILS,
  ...RELEASE_WINDOW_TABLE_STATEMENTS,
  ...RELEASE_KINDS.flatMap((kind) => releaseKindStatements({ coupon: 'excluded' })[kind]),
  PRIOR_STATE_STATEMENT,
  MERGE_STATEMENT,
  AUTO_RESOLVE_STATEMENT,
];

class Rollback extends Error {}

/** The plan of each explainable statement of a run of `deps`'s account, run and rolled back. */
async function runPlans(deps: Deps): Promise<{ statement: string; plan: string }[]> {
  const { start, end } = businessWindow(WEEK.from, WEEK.to, deps.config.timezone);
  const params = {
    account: deps.account.id,
    start,
    end,
    site: deps.config.site,
    tz: deps.config.timezone,
    grace: deps.config.graceHours,
    run: '0',
    kinds: [...new Set<string>([...SETTLEMENT_KINDS, ...RELEASE_KINDS])],
  };
  const plans: { statement: string; plan: string }[] = [];
  await inTransaction(deps.conn, async (tx) => {
    // Mismatches name their runs: a run row of the account, rolled back with the rest.
    const run = await tx.run<{ id: string }>(sql`insert into runs (account_id, job, dry_run, status) values (${deps.account.id}, 'reconcile', true, 'running') returning id::text`);
    params.run = run.rows[0]!.id;
    for (const statement of RUN_STATEMENTS) {
      if (!/^\s*(analyze|create temp table findings)/.test(statement)) {
        const { rows } = await tx.run<{ 'QUERY PLAN': string }>(windowStatement(`explain (costs off) ${statement}`, params));
        plans.push({ statement: statement.trim().slice(0, 60), plan: rows.map((r) => r['QUERY PLAN']).join('\n') });
      }
      await tx.run(windowStatement(statement, params));
    }
    throw new Rollback();
  }).catch((err) => {
    if (!(err instanceof Rollback)) throw err;
  });
  return plans;
}

/** The report-row tables a plan scans (partitions by name, or the parent when nothing was pruned). */
const rowTablesOf = (plan: string) => new Set([...plan.matchAll(/ on "?(mp_(?:settlement|release)_rows[\w-]*)"?/g)].map((m) => m[1]!));

let t: TestDb;
let br: Deps;
beforeAll(async () => {
  t = await createTestDb();
  br = await addTestAccount(t.deps, { id: 'br', site: 'MLB' });
  await writeBooks(t.deps, BOOKS);
  await writeBooks(br, BOOKS);
  await t.deps.conn.pool.query('analyze');
});
afterAll(async () => t.close());

describe('a reconciliation scans only its account’s partitions', () => {
  it.each([
    ['default', () => t.deps],
    ['br', () => br],
  ])('account %s', async (account, deps) => {
    const plans = await runPlans(deps());
    const own = new Set([`mp_settlement_rows_${account}`, `mp_release_rows_${account}`]);
    const scanned = plans.flatMap(({ statement, plan }) => [...rowTablesOf(plan)].map((table) => ({ statement, table })));
    expect(scanned.filter(({ table }) => !own.has(table))).toEqual([]);
    // The window's rows, the history lookups and the release rows are all read, from the account's own partitions.
    expect(new Set(scanned.map((s) => s.table))).toEqual(own);
    const ledger = plans.find((p) => p.statement.startsWith('create temp table ledger'))!;
    expect(rowTablesOf(ledger.plan)).toEqual(new Set([`mp_settlement_rows_${account}`]));
  });
});
