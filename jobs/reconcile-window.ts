/**
 * Use case: reconcile a window of business dates. Builds the run's working sets, runs one set-based
 * statement per mismatch kind into `findings`, and folds them into `mismatches`, all in one
 * transaction under an advisory lock (one reconciliation of an account at a time in a schema, while
 * other accounts reconcile at once: src/runs/locks.ts). Every statement reads and writes that account's
 * books only (src/reconcile/window-params.ts). A dry run does the same work and rolls it back, so it
 * reports exactly what a real run would change.
 */
import { inTransaction, setLocalWorkMem } from '../src/db/transaction.ts';
import type { Deps } from '../src/deps.ts';
import { AUTO_RESOLVE_STATEMENT, findingsByKind, MERGE_STATEMENT, PRIOR_STATE_STATEMENT } from '../src/reconcile/merge-findings.ts';
import { RELEASE_KINDS, type ReleaseKindOptions, releaseKindStatements } from '../src/reconcile/release-kinds.ts';
import { RELEASE_WINDOW_TABLE_STATEMENTS } from '../src/reconcile/release-window-tables.ts';
import { FINDINGS_TABLE, ORDER_ROWS_DETAILS, SETTLEMENT_FINDINGS, SETTLEMENT_KINDS } from '../src/reconcile/settlement-kinds.ts';
import { formatCount, type OnReconcileStage, stageReporter } from '../src/reconcile/stages.ts';
import { type WindowParams, windowStatement } from '../src/reconcile/window-params.ts';
import { COVERAGE_STATEMENT, LEDGER_STATEMENT, WINDOW_ROWS_STATEMENT } from '../src/reconcile/window-tables.ts';
import { lockForTransaction } from '../src/runs/locks.ts';
import { inRun } from '../src/runs/runs.ts';
import { assertRange, businessWindow } from '../src/util/dates.ts';

/** Sorts and hashes over a month of rows fit in memory with this instead of spilling to disk. */
const RECON_WORK_MEM = '64MB' as const;

export interface ReconcileRequest {
  readonly from: string;
  readonly to: string;
  readonly dryRun?: boolean;
  /** Whether COUPON_AMOUNT takes part in a release row's identity (default excluded; see release-kinds.ts). */
  readonly releaseCoupon?: ReleaseKindOptions['coupon'];
  /** Called as each stage ends, with its count (see src/reconcile/stages.ts). */
  readonly onStage?: OnReconcileStage;
}

/** Every kind a run decides on, so auto-resolve covers them all (row_arithmetic is in both lists). */
const RUN_KINDS: readonly string[] = [...new Set<string>([...SETTLEMENT_KINDS, ...RELEASE_KINDS])];

export interface ReconcileCounts extends Record<string, unknown> {
  readonly rowsInWindow: number;
  readonly ordersInScope: number;
  readonly found: number;
  readonly new: number;
  readonly reopened: number;
  readonly stillOpen: number;
  readonly resolved: number;
  readonly byKind: Record<string, number>;
  readonly dryRun: boolean;
}

class DryRunRollback extends Error {
  constructor(readonly counts: ReconcileCounts) {
    super('dry run');
  }
}

export async function reconcileWindow(deps: Deps, request: ReconcileRequest): Promise<ReconcileCounts & { runId: string }> {
  assertRange(request.from, request.to);
  const dryRun = request.dryRun ?? false;
  const { start, end } = businessWindow(request.from, request.to, deps.config.timezone);
  const log = deps.log.child({ job: 'reconcile', from: request.from, to: request.to, dryRun });

  return inRun(deps.conn.db, 'reconcile', { account: deps.account.id, from: request.from, to: request.to, dryRun }, async (run) => {
    const params: WindowParams = {
      account: deps.account.id,
      start,
      end,
      site: deps.config.site,
      tz: deps.config.timezone,
      grace: deps.config.graceHours,
      run,
      kinds: RUN_KINDS,
    };
    const stage = stageReporter(log, request.onStage);
    const work = inTransaction(deps.conn, async (tx) => {
      const exec = <R>(text: string) => tx.run<R>(windowStatement<R>(text, params));
      await lockForTransaction(tx, deps.config.schema, 'reconcile', deps.account.id);
      await setLocalWorkMem(tx, RECON_WORK_MEM);
      const rowsInWindow = (await exec(WINDOW_ROWS_STATEMENT)).rowCount;
      stage('window', `window rows ${formatCount(rowsInWindow)}`);
      await exec(COVERAGE_STATEMENT);
      const ordersInScope = (await exec(LEDGER_STATEMENT)).rowCount;
      stage('scope', `orders in scope ${formatCount(ordersInScope)}`);

      await exec(FINDINGS_TABLE);
      for (const statement of SETTLEMENT_FINDINGS) await exec(statement);
      await exec(ORDER_ROWS_DETAILS);
      for (const statement of RELEASE_WINDOW_TABLE_STATEMENTS) await exec(statement);
      const releaseStatements = releaseKindStatements({ coupon: request.releaseCoupon ?? 'excluded' });
      for (const kind of RELEASE_KINDS) for (const statement of releaseStatements[kind]) await exec(statement);
      const byKind = await findingsByKind(tx);
      const found = Object.values(byKind).reduce((a, b) => a + b, 0);
      stage('findings', `findings ${formatCount(found)} (${Object.keys(byKind).length} kinds)`);

      const prior = await exec<{ reopened: string; still_open: string }>(PRIOR_STATE_STATEMENT);
      const merged = await exec<{ found: string; inserted: string }>(MERGE_STATEMENT);
      const inserted = Number(merged.rows[0]?.inserted ?? 0);
      const reopened = Number(prior.rows[0]?.reopened ?? 0);
      const stillOpen = Number(prior.rows[0]?.still_open ?? 0);
      stage('merged', `merged: ${formatCount(inserted)} new, ${formatCount(reopened)} reopened, ${formatCount(stillOpen)} still open`);
      const resolved = (await exec(AUTO_RESOLVE_STATEMENT)).rowCount;
      stage('auto-resolved', `auto-resolved ${formatCount(resolved)}`);
      const counts: ReconcileCounts = {
        rowsInWindow,
        ordersInScope,
        found: Number(merged.rows[0]?.found ?? 0),
        new: inserted,
        reopened,
        stillOpen,
        resolved,
        byKind,
        dryRun,
      };
      if (dryRun) throw new DryRunRollback(counts);
      return counts;
    });
    const counts = await work.catch((err) => {
      if (err instanceof DryRunRollback) return err.counts;
      throw err;
    });
    log.info(counts, dryRun ? 'dry run: nothing written' : 'window reconciled');
    return counts;
  });
}
