/**
 * Use case: reconcile a window of business dates. Builds the run's working sets, runs one set-based
 * statement per mismatch kind into `findings`, and folds them into `mismatches`, all in one
 * transaction under an advisory lock (one reconciliation of a site at a time). A dry run does the same
 * work and rolls it back, so it reports exactly what a real run would change.
 */
import { withClientTransaction } from '../src/db/transaction.ts';
import type { Deps } from '../src/deps.ts';
import { bind, type WindowParams } from '../src/reconcile/bind.ts';
import { AUTO_RESOLVE_STATEMENT, MERGE_STATEMENT, PRIOR_STATE_STATEMENT } from '../src/reconcile/merge-findings.ts';
import { RELEASE_KINDS, type ReleaseKindOptions, releaseKindStatements } from '../src/reconcile/release-kinds.ts';
import { RELEASE_WINDOW_TABLE_STATEMENTS } from '../src/reconcile/release-window-tables.ts';
import { FINDINGS_TABLE, KIND_STATEMENTS, ORDER_ROWS_DETAILS, SETTLEMENT_KINDS } from '../src/reconcile/settlement-kinds.ts';
import { WINDOW_TABLE_STATEMENTS } from '../src/reconcile/window-tables.ts';
import { inRun } from '../src/runs.ts';
import { assertRange, businessWindow } from '../src/util/dates.ts';

/** Sorts and hashes over a month of rows fit in memory with this instead of spilling to disk. */
const RECON_WORK_MEM = '64MB';

export interface ReconcileRequest {
  readonly from: string;
  readonly to: string;
  readonly dryRun?: boolean;
  /** Whether COUPON_AMOUNT takes part in a release row's identity (default excluded; see release-kinds.ts). */
  readonly releaseCoupon?: ReleaseKindOptions['coupon'];
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

  return inRun(deps.conn.db, 'reconcile', { from: request.from, to: request.to, dryRun }, async (run) => {
    const params: WindowParams = {
      start,
      end,
      site: deps.config.site,
      tz: deps.config.timezone,
      grace: deps.config.graceHours,
      run,
      kinds: RUN_KINDS,
    };
    const work = withClientTransaction(deps.conn.pool, async (client) => {
      const exec = (text: string) => client.query(...bind(text, params));
      await client.query('select pg_advisory_xact_lock(hashtext($1))', [`mp-recon:reconcile:${deps.config.site}`]);
      await client.query(`set local work_mem = '${RECON_WORK_MEM}'`);
      for (const statement of WINDOW_TABLE_STATEMENTS) await exec(statement);
      await client.query(FINDINGS_TABLE);
      for (const kind of SETTLEMENT_KINDS) for (const statement of KIND_STATEMENTS[kind]) await exec(statement);
      await client.query(ORDER_ROWS_DETAILS);
      for (const statement of RELEASE_WINDOW_TABLE_STATEMENTS) await exec(statement);
      const releaseStatements = releaseKindStatements({ coupon: request.releaseCoupon ?? 'excluded' });
      for (const kind of RELEASE_KINDS) for (const statement of releaseStatements[kind]) await exec(statement);

      const sizes = await client.query<{ rows: string; orders: string }>(
        'select (select count(*) from w_rows) as rows, (select count(*) from scope) as orders',
      );
      const byKindRows = await client.query<{ kind: string; n: string }>('select kind, count(*) as n from findings group by kind order by kind');
      const prior = await client.query<{ reopened: string; still_open: string }>(PRIOR_STATE_STATEMENT);
      const merged = await exec(MERGE_STATEMENT);
      const resolved = await exec(AUTO_RESOLVE_STATEMENT);
      const inserted = Number(merged.rows[0]?.inserted ?? 0);
      const counts: ReconcileCounts = {
        rowsInWindow: Number(sizes.rows[0]?.rows ?? 0),
        ordersInScope: Number(sizes.rows[0]?.orders ?? 0),
        found: Number(merged.rows[0]?.found ?? 0),
        new: inserted,
        reopened: Number(prior.rows[0]?.reopened ?? 0),
        stillOpen: Number(prior.rows[0]?.still_open ?? 0),
        resolved: resolved.rowCount ?? 0,
        byKind: Object.fromEntries(byKindRows.rows.map((r) => [r.kind, Number(r.n)])),
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
