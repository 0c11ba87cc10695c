/**
 * Use case: the nightly cycle `mp-recon schedule` runs. For yesterday (a business date in the
 * merchant's timezone) and the RECON_REOPEN_DAYS before it: acquire the reports of both kinds for the
 * days not covered yet (normally just yesterday; a night that failed is caught up the next), then
 * reconcile that whole window, so late data resolves mismatches of the days before. First, orders
 * still pending are looked up at Mercado Pago (the contingency search for lost notifications), so the
 * reconciliation sees their real status.
 *
 * Runs once per account and business date across replicas and workers: under the account's `nightly`
 * advisory lock it first looks for a succeeded nightly run of the account for the same yesterday, and
 * does nothing if there is one; a process that finds the lock taken returns `locked`. Yesterday is a
 * date in the account's own timezone. On shutdown the step in progress
 * finishes and the run is marked failed with SHUTDOWN.
 */
import { withCycleAlert } from '../src/alerts/send-alert.ts';
import { throwIfStopping } from '../src/acquire/stop-signal.ts';
import { withJobLock } from '../src/runs/job-lock.ts';
import { inRun, succeededRun } from '../src/runs/runs.ts';
import { addDays, businessDateOf } from '../src/util/dates.ts';
import { type AcquireCounts, type AcquireDeps, type AcquireRequest, acquireRange } from './acquire-reports.ts';
import { type ReconcileCounts, reconcileWindow } from './reconcile-window.ts';
import { type SyncCounts, syncPendingOrders } from './sync-orders.ts';

export interface NightlyOptions {
  readonly signal?: AbortSignal;
  readonly onProgress?: AcquireRequest['onProgress'];
  readonly tuning?: AcquireRequest['tuning'];
  /** Spread the report chunks over the job queue's workers (see acquire-reports.ts). */
  readonly queue?: AcquireRequest['queue'];
}

export interface NightlyCounts extends Record<string, unknown> {
  readonly businessDate: string;
  /** The contingency search; null when it failed (logged; the cycle goes on without it). */
  readonly synced: SyncCounts | null;
  readonly acquired: AcquireCounts;
  readonly reconciled: ReconcileCounts & { readonly runId: string };
}

export type NightlyResult =
  | ({ readonly status: 'done'; readonly runId: string } & NightlyCounts)
  | { readonly status: 'locked'; readonly businessDate: string }
  | { readonly status: 'already_done'; readonly businessDate: string; readonly runId: string };

/** The window a nightly run on `now` works on: yesterday and the reopen days before it. */
export function nightlyWindow(now: Date, timezone: string, reopenDays: number): { from: string; to: string } {
  const yesterday = addDays(businessDateOf(now, timezone), -1);
  return { from: addDays(yesterday, -reopenDays), to: yesterday };
}

export function nightlyCycle(deps: AcquireDeps, options: NightlyOptions = {}): Promise<NightlyResult> {
  const { from, to } = nightlyWindow(deps.now(), deps.config.timezone, deps.config.reopenDays);
  return withCycleAlert(deps, { job: 'nightly', from, to }, () => nightlySteps(deps, options, from, to));
}

async function nightlySteps(deps: AcquireDeps, options: NightlyOptions, from: string, to: string): Promise<NightlyResult> {
  const log = deps.log.child({ job: 'nightly', businessDate: to });
  const locked = await withJobLock(deps.conn, `nightly:${deps.account.id}`, async (): Promise<NightlyResult> => {
    const done = await succeededRun(deps.conn.db, deps.account.id, 'nightly', to);
    if (done !== undefined) {
      log.info({ runId: done }, 'the nightly cycle already ran for this date; nothing to do');
      return { status: 'already_done', businessDate: to, runId: done };
    }
    const result = await inRun(deps.conn.db, 'nightly', { account: deps.account.id, from, to }, async (): Promise<NightlyCounts> => {
      const synced = await syncPendingOrders(deps).catch((err: unknown) => {
        log.warn({ err }, 'the contingency search of pending orders failed; reconciling without it');
        return null;
      });
      throwIfStopping(options.signal, `fetching reports for ${from}..${to}`);
      const acquired = await acquireRange(deps, { from, to, kind: 'both', signal: options.signal, onProgress: options.onProgress, tuning: options.tuning, queue: options.queue });
      throwIfStopping(options.signal, `reconciling ${from}..${to}`);
      const reconciled = await reconcileWindow(deps, { from, to });
      return { businessDate: to, synced, acquired, reconciled };
    });
    log.info(
      { runId: result.runId, files: result.acquired.files.length, rowsStored: result.acquired.rowsStored, found: result.reconciled.found, resolved: result.reconciled.resolved },
      'nightly cycle done',
    );
    return { status: 'done', ...result };
  });
  if (!locked.acquired) {
    log.info('another mp-recon process holds the nightly lock; waiting for the next tick');
    return { status: 'locked', businessDate: to };
  }
  return locked.value;
}
